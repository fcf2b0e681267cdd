import { USER_ID } from "../../domain/user-id.js";
import { BadUserInputError } from "../../errors.js";

/** Throws BAD_USER_INPUT unless `id` is 1 to 32 bytes of `[A-Za-z0-9_-]`. */
export function assertUserId(id: unknown): asserts id is string {
  if (typeof id !== "string" || !USER_ID.test(id)) {
    throw new BadUserInputError("A user id is 1 to 32 characters of A-Z, a-z, 0-9, _ and -.", {
      invalidIds: [typeof id === "string" ? id.slice(0, 64) : String(id)],
    });
  }
}

/** Checks a whole list before anything is fetched: a list that is too long or holds a bad id fetches nothing. */
export function assertUserIds(ids: readonly unknown[], max: number): asserts ids is string[] {
  if (ids.length > max) {
    throw new BadUserInputError(`At most ${max} ids can be asked for at once; got ${ids.length}.`, {
      maxIds: max,
    });
  }
  const invalid = ids.filter((id) => typeof id !== "string" || !USER_ID.test(id));
  if (invalid.length > 0) {
    throw new BadUserInputError("A user id is 1 to 32 characters of A-Z, a-z, 0-9, _ and -.", {
      invalidIds: invalid.slice(0, 10).map((id) => String(id).slice(0, 64)),
    });
  }
}
