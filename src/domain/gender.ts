/** The one gender vocabulary of the graph; every source's own values are mapped onto it. */
export enum Gender {
  FEMALE = "FEMALE",
  MALE = "MALE",
  /** The source says the user has not told it. */
  UNKNOWN = "UNKNOWN",
}
