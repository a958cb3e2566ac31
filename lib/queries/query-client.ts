import { QueryClient, defaultShouldDehydrateQuery, isServer } from '@tanstack/react-query';

// The TanStack App Router pattern (reference/aesthetics.md): a new client per server request,
// one singleton in the browser.

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, refetchOnWindowFocus: false },
      dehydrate: {
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === 'pending',
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  // Kept across renders so a client suspended during the first render is not re-made.
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
