"use client";

import { createAuthClient } from "better-auth/react";

// Same-origin: the auth routes are mounted at /api/auth by app/api/auth/[...all]/route.ts.
export const authClient = createAuthClient();
