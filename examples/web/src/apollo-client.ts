import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { sandboxViewerHeaders } from "./sandbox-viewer.js";
import { profileTypePolicies } from "./type-policies.js";

export interface ProfileClient {
  client: ApolloClient;
  /** Signs in as a sandbox user (or out, with null) and refetches what the page shows. */
  signIn(userId: string | null): Promise<void>;
  viewer(): string | null;
}

/**
 * Apollo Client for the profile graph: same-origin `/graphql` (the Vite server proxies it to the service), the
 * profile type policies, and the signed-in user's sandbox headers on every request.
 */
export function createProfileClient(uri = "/graphql"): ProfileClient {
  let viewer: string | null = null;
  const viewerHeaders = new ApolloLink((operation, forward) => {
    if (viewer) {
      operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
        headers: { ...headers, ...sandboxViewerHeaders(viewer!) },
      }));
    }
    return forward(operation);
  });
  const client = new ApolloClient({
    link: ApolloLink.from([viewerHeaders, new HttpLink({ uri })]),
    cache: new InMemoryCache({ typePolicies: profileTypePolicies }),
  });
  return {
    client,
    viewer: () => viewer,
    async signIn(userId) {
      viewer = userId;
      // What the merged profile and the viewer-only sources show depends on who asks.
      await client.resetStore();
    },
  };
}
