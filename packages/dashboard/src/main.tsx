import { KeywardApiError } from "@keyward/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { router } from "./router.js";
import { restoreSession, SessionProvider } from "./session.js";
import "./styles.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; network trouble and 5xx may.
      retry: (failures, error) =>
        !(error instanceof KeywardApiError && error.status < 500) && failures < 2,
      staleTime: 15_000,
      refetchOnWindowFocus: false,
    },
  },
});

const session = await restoreSession();
const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider initial={session}>
        <RouterProvider router={router} />
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
