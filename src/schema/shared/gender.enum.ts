import { registerEnumType } from "type-graphql";
import { Gender } from "../../domain/gender.js";

registerEnumType(Gender, {
  name: "Gender",
  description: "Gender as every source reports it, in one vocabulary.",
  valuesConfig: {
    UNKNOWN: { description: "The source says the user has not told it." },
  },
});

export { Gender };
