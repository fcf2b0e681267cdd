import {
  BadUserInputError,
  ForbiddenError,
  SOURCE_LABELS,
  UnauthenticatedError,
  sourceDisabled,
  type SourceName,
} from "../../errors.js";
import type { ViewerCredential, ViewerIdentity } from "../../viewer.js";
import type { User } from "../user/user.type.js";

/**
 * What every viewer-only source field does before it may call its provider: the source must be configured, the
 * caller signed in, the User the caller's own, and the caller's credential present and usable. Each failure is
 * this field's error alone; the rest of the query is unaffected.
 */
export async function loadViewerSource<Value>(
  source: SourceName,
  user: User,
  identity: ViewerIdentity,
  credential: ViewerCredential<Value>,
): Promise<Value> {
  const label = SOURCE_LABELS[source];
  const extensions = { source };
  if (credential.status === "disabled") throw sourceDisabled(source);
  if (identity.status !== "signed-in") {
    throw new UnauthenticatedError(
      `${label} data is only for the signed-in user, and no one is signed in`,
      extensions,
    );
  }
  if (identity.viewer.id !== user.id) {
    throw new ForbiddenError(`${label} data is only available on the signed-in user's own User`, extensions);
  }
  if (credential.status === "missing") {
    throw new UnauthenticatedError(`${label} needs the signed-in user's credential in ${credential.header}`, {
      ...extensions,
      header: credential.header,
    });
  }
  if (credential.status === "invalid") {
    throw new BadUserInputError(credential.message, { ...extensions, ...credential.extensions });
  }
  return credential.load();
}
