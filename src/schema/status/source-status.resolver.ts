import { Ctx, Directive, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../context.js";
import { SOURCE_NAMES } from "../../providers/registry.js";
import { SourceStatus } from "./source-status.type.js";

@Resolver()
export class SourceStatusResolver {
  // Inaccessible: operators and health checks query the subgraph directly; the supergraph's clients never see it.
  @Directive("@inaccessible")
  @Query(() => [SourceStatus], {
    description:
      "Which sources this deployment has configured, and whether they are emulated. Subgraph only.",
  })
  sourceStatus(@Ctx() context: RequestContext): SourceStatus[] {
    return SOURCE_NAMES.map((source) => ({
      source,
      configured: context.deployment.configured[source],
      sandbox: context.deployment.sandbox,
    }));
  }
}
