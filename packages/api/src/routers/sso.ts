import { z } from 'zod';
import { exchangeSsoCode } from '../sso.ts';
import { publicProcedure, router } from '../trpc.ts';

export const ssoRouter = router({
  /** How people sign in here: with a password, through the identity provider, or both. */
  methods: publicProcedure
    .output(z.object({ password: z.boolean(), singleSignOn: z.object({ label: z.string() }).nullable() }))
    .query(({ ctx }) => ({ password: ctx.settings.passwordSignIn, singleSignOn: ctx.settings.singleSignOn })),

  /**
   * The last step of single sign-on: the one-time code the server handed the client (a redirect or a
   * deep link) and the verifier of the challenge the client started with, for a session token.
   */
  exchange: publicProcedure
    .input(
      z.object({
        code: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'the code from the sign-in redirect'),
        verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'an RFC 7636 code verifier'),
      }),
    )
    .output(z.object({ token: z.string(), expiresAt: z.date() }))
    .mutation(({ ctx, input }) => exchangeSsoCode(ctx, input.code, input.verifier)),
});
