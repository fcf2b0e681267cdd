import { Field, ObjectType } from "type-graphql";
import { ProfileSource } from "../profile/profile-value.type.js";

@ObjectType({ description: "How this deployment reaches one source." })
export class SourceStatus {
  @Field(() => ProfileSource, { description: "The source, spelled like its User field." })
  source!: ProfileSource;

  @Field(() => Boolean, { description: "false: the source's fields answer SOURCE_DISABLED." })
  configured!: boolean;

  @Field(() => Boolean, { description: "true: the source is the embedded emulator, not the vendor." })
  sandbox!: boolean;
}
