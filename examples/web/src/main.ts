import type { ObservableQuery } from "@apollo/client";
import { CombinedGraphQLErrors } from "@apollo/client";
import type { GraphQLFormattedError } from "graphql";
import { SandboxUsersDocument, ViewerDocument } from "./__generated__/graphql.js";
import { createProfileClient } from "./apollo-client.js";
import { el, renderUsers, renderViewer } from "./render.js";
import { SANDBOX_USER_IDS, SANDBOX_VIEWERS } from "./sandbox-viewer.js";
import "./style.css";

const usersSection = document.querySelector<HTMLElement>("#users")!;
const viewerSection = document.querySelector<HTMLElement>("#viewer")!;
const viewerSelect = document.querySelector<HTMLSelectElement>("#viewer-select")!;

const { client, signIn } = createProfileClient();

/** A partial answer's GraphQL errors; a failure to reach the service at all is shown on its own. */
function graphQLErrors(error: unknown, section: HTMLElement): readonly GraphQLFormattedError[] | undefined {
  if (!error) return undefined;
  if (CombinedGraphQLErrors.is(error)) return error.errors;
  section.replaceChildren(
    el(
      "p",
      { class: "failed", "data-testid": "network-error" },
      `The service did not answer (${error instanceof Error ? error.message : String(error)}). Is npm start running?`,
    ),
  );
  return undefined;
}

function show(result: ObservableQuery.Result<unknown>, section: HTMLElement, render: () => HTMLElement[]) {
  if (result.loading && !result.data)
    section.replaceChildren(el("p", { "data-testid": "loading" }, "Loading…"));
  else section.replaceChildren(...render());
  section.dataset.state = result.loading ? "loading" : "ready";
}

client
  .watchQuery({ query: SandboxUsersDocument, variables: { ids: SANDBOX_USER_IDS }, errorPolicy: "all" })
  .subscribe((result) => {
    const errors = graphQLErrors(result.error, usersSection);
    if (result.error && !errors) return;
    const data = result.dataState === "complete" ? result.data : undefined;
    show(result, usersSection, () => renderUsers(data?.users, errors));
  });

let viewerWatch: { unsubscribe(): void } | undefined;

viewerSelect.append(
  el("option", { value: "" }, "nobody"),
  ...SANDBOX_VIEWERS.map((id) => el("option", { value: id }, id)),
);
viewerSelect.addEventListener("change", async () => {
  const userId = viewerSelect.value || null;
  viewerWatch?.unsubscribe();
  viewerWatch = undefined;
  viewerSection.replaceChildren();
  viewerSection.dataset.state = userId ? "loading" : "signed-out";
  await signIn(userId);
  if (!userId) return;
  viewerWatch = client.watchQuery({ query: ViewerDocument, errorPolicy: "all" }).subscribe((result) => {
    const errors = graphQLErrors(result.error, viewerSection);
    if (result.error && !errors) return;
    const data = result.dataState === "complete" ? result.data : undefined;
    show(result, viewerSection, () => renderViewer(data?.me, errors));
  });
});
