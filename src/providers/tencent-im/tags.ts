/** How a profile tag's value is written on the wire. */
export type TagKind = "string" | "uint32";

/** The standard profile tags of `portrait_get`, with their wire type. */
export const STANDARD_TAGS = {
  Tag_Profile_IM_Nick: "string",
  Tag_Profile_IM_Gender: "string",
  Tag_Profile_IM_BirthDay: "uint32",
  Tag_Profile_IM_Location: "string",
  Tag_Profile_IM_SelfSignature: "string",
  Tag_Profile_IM_AllowType: "string",
  Tag_Profile_IM_Language: "uint32",
  Tag_Profile_IM_Image: "string",
  Tag_Profile_IM_MsgSettings: "uint32",
  Tag_Profile_IM_AdminForbidType: "string",
  Tag_Profile_IM_Level: "uint32",
  Tag_Profile_IM_Role: "uint32",
} as const satisfies Record<string, TagKind>;

export type StandardTag = keyof typeof STANDARD_TAGS;

export const STANDARD_TAG_NAMES = Object.keys(STANDARD_TAGS) as StandardTag[];

export const CUSTOM_TAG_PREFIX = "Tag_Profile_Custom_";

/** Custom tag names are letters, digits and underscores after the prefix. */
const CUSTOM_TAG_NAME = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Accepts `Test` or `Tag_Profile_Custom_Test` and returns the full tag name, or undefined when the name cannot be
 * a custom tag.
 */
export function normaliseCustomTag(name: string): string | undefined {
  const short = name.startsWith(CUSTOM_TAG_PREFIX) ? name.slice(CUSTOM_TAG_PREFIX.length) : name;
  return CUSTOM_TAG_NAME.test(short) ? `${CUSTOM_TAG_PREFIX}${short}` : undefined;
}

/** An IM account id: 1 to 32 bytes of `[A-Za-z0-9_-]`. */
export const IM_ACCOUNT_ID = /^[A-Za-z0-9_-]{1,32}$/;
