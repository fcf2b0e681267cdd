import { Directive, Field, ObjectType } from "type-graphql";
import { ProfileSource } from "../profile/profile-value.type.js";

// Inaccessible like Query.sourceStatus, the only field that returns it: the router's API schema leaves both out.
@Directive("@inaccessible")
@ObjectType({ description: "How this deployment reaches one source. Subgraph only." })
export class SourceStatus {
  @Field(() => ProfileSource, { description: "The source, spelled like its User field." })
  source!: ProfileSource;

  @Field(() => Boolean, { description: "false: the source's fields answer SOURCE_DISABLED." })
  configured!: boolean;

  @Field(() => Boolean, { description: "true: the source is the embedded emulator, not the vendor." })
  sandbox!: boolean;
}
