import { registerEnumType } from "type-graphql";
import { Gender } from "../../domain/gender.js";

registerEnumType(Gender, {
  name: "Gender",
  description: "Gender in one vocabulary, whichever source reported it and however the source spells it.",
  valuesConfig: {
    FEMALE: { description: "The source reports the user as female." },
    MALE: { description: "The source reports the user as male." },
    UNKNOWN: { description: "The source says the user has not told it." },
  },
});

export { Gender };
