import type { GraphQLFormattedError } from "graphql";
import type { ProfileSource, SandboxUsersQuery, ViewerQuery } from "./__generated__/graphql.js";
import { failuresAt, type SourceFailure } from "./failures.js";

/** How the page names each source. Keyed by the generated enum: a source added to the schema fails type-checking. */
export const SOURCE_LABELS: Record<ProfileSource, string> = {
  tencentIm: "Tencent IM",
  quectel: "Quectel",
  oneAccess: "Huawei OneAccess",
  alipayPlus: "Alipay+",
};

type Profile = NonNullable<SandboxUsersQuery["users"][number]["profile"]>;
type ProfileField = Exclude<keyof Profile, "__typename">;

const PROFILE_FIELDS: [ProfileField, string][] = [
  ["displayName", "Name"],
  ["email", "Email"],
  ["phone", "Phone"],
  ["gender", "Gender"],
  ["birthday", "Birthday"],
  ["nationality", "Nationality"],
  ["language", "Language"],
  ["timezone", "Time zone"],
  ["location", "Location"],
  ["avatarUrl", "Avatar"],
];

type Child = Node | string | null | undefined | false;

/** A DOM element with attributes and children. Text is always set as text, never parsed as HTML. */
export function el(tag: string, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

function sourceBadge(source: ProfileSource): HTMLElement {
  return el(
    "span",
    { class: `source source-${source}`, "data-testid": "source", "data-source": source },
    SOURCE_LABELS[source],
  );
}

function failureNote(failure: SourceFailure): HTMLElement {
  return el(
    "span",
    { class: "failed", "data-testid": "failed", title: failure.message },
    `${SOURCE_LABELS[failure.source]} failed (${failure.code})`,
  );
}

/** One merged field: its value and the source it came from, or a dash when no source has one. */
function profileRow(
  field: string,
  label: string,
  entry: { value: string; source: ProfileSource } | null | undefined,
) {
  return el(
    "tr",
    { "data-field": field, "data-state": entry ? "value" : "missing" },
    el("th", {}, label),
    el("td", { "data-testid": "value" }, entry ? entry.value : "—"),
    el("td", {}, entry ? sourceBadge(entry.source) : ""),
  );
}

function profileTable(
  profile: Partial<Profile> | null | undefined,
  fields: [ProfileField, string][],
  failures: Map<ProfileSource, SourceFailure>,
) {
  const table = el("table", { class: "profile", "data-testid": "profile" });
  if (failures.size > 0) {
    table.append(
      el(
        "caption",
        { "data-testid": "profile-failure" },
        "Merged without ",
        ...[...failures.values()].map(failureNote),
        ": a value may come from a later source, or be missing.",
      ),
    );
  }
  for (const [field, label] of fields) table.append(profileRow(field, label, profile?.[field]));
  return table;
}

/** Whether a server-credentialed source knows the user, does not, or failed. */
function sourceState(
  source: ProfileSource,
  record: { nickname?: string | null } | null | undefined,
  failure: SourceFailure | undefined,
) {
  const state = failure ? "failed" : record ? "found" : "absent";
  return el(
    "li",
    { "data-testid": "source-state", "data-source": source, "data-state": state },
    failure
      ? failureNote(failure)
      : `${SOURCE_LABELS[source]}: ${record ? `knows ${record.nickname ?? "the user"}` : "does not know the user"}`,
  );
}

export function renderUsers(
  users: SandboxUsersQuery["users"] | undefined,
  errors: readonly GraphQLFormattedError[] | undefined,
): HTMLElement[] {
  return (users ?? []).map((user, index) => {
    const failures = failuresAt(errors, ["users", index]);
    const name = user.profile.displayName?.value ?? user.id;
    return el(
      "article",
      { class: "user", "data-testid": "user", "data-user-id": user.id },
      el("h3", {}, el("span", { "data-testid": "display-name" }, name), " ", el("code", {}, user.id)),
      el(
        "ul",
        { class: "sources" },
        sourceState("tencentIm", user.tencentIm, failures.get("tencentIm")),
        sourceState("quectel", user.quectel, failures.get("quectel")),
      ),
      profileTable(user.profile, PROFILE_FIELDS, failures),
    );
  });
}

/** The signed-in user's panel: the viewer-only sources, each found or marked failed, and a few merged fields. */
export function renderViewer(
  me: ViewerQuery["me"] | undefined,
  errors: readonly GraphQLFormattedError[] | undefined,
): HTMLElement[] {
  if (!me) {
    const error = errors?.find((candidate) => candidate.path?.[0] === "me");
    return [
      el(
        "p",
        { "data-testid": "viewer-error", class: "failed" },
        error ? `${error.extensions?.code}: ${error.message}` : "Loading…",
      ),
    ];
  }
  const failures = failuresAt(errors, ["me"]);
  const oneAccess = failures.get("oneAccess");
  const alipayPlus = failures.get("alipayPlus");
  const row = (
    field: string,
    label: string,
    value: string | null | undefined,
    failure: SourceFailure | undefined,
  ) =>
    el(
      "tr",
      { "data-field": field, "data-state": failure ? "failed" : value ? "value" : "missing" },
      el("th", {}, label),
      el("td", { "data-testid": "value" }, failure ? failureNote(failure) : (value ?? "—")),
    );
  return [
    el("h2", {}, "Signed in as ", el("code", { "data-testid": "viewer-id" }, me.id)),
    el(
      "table",
      { class: "viewer-sources" },
      row("oneAccess.loginName", "OneAccess login", me.oneAccess?.loginName, oneAccess),
      row("oneAccess.fullName", "OneAccess full name", me.oneAccess?.fullName, oneAccess),
      row("oneAccess.email", "OneAccess email", me.oneAccess?.email, oneAccess),
      row("alipayPlus.userId", "Wallet user id", me.alipayPlus?.userId, alipayPlus),
      row("alipayPlus.nationality", "Wallet nationality", me.alipayPlus?.nationality, alipayPlus),
    ),
    profileTable(
      me.profile,
      [
        ["displayName", "Name"],
        ["phone", "Phone"],
        ["birthday", "Birthday"],
      ],
      failures,
    ),
  ];
}
