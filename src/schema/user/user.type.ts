import { Directive, Field, ID, ObjectType } from "type-graphql";

/**
 * The federated entity. Other subgraphs reference it by `id`; each source field below resolves from its own
 * provider, so a query pays only for the sources it selects.
 */
@Directive('@key(fields: "id")')
@ObjectType({
  description: "A person known to one or more profile providers, identified by the app's user id.",
})
export class User {
  @Field(() => ID, { description: "The app's user id: 1 to 32 characters of A-Z, a-z, 0-9, _ and -." })
  id!: string;
}
