import { z } from 'zod';

/** "Release" = products that are not experimental; "Pre-release" = Beta, Nightly, Preview, Developer Edition… */
export const CHANNELS = ['release', 'pre_release'] as const;
export type Channel = (typeof CHANNELS)[number];
export const channelSchema = z.enum(CHANNELS);

/** A data collection state: "Default ON" collects automatically, "Default OFF" needs an express opt-in. */
export const DEFAULT_STATES = ['on', 'off'] as const;
export type DefaultState = (typeof DEFAULT_STATES)[number];
export const defaultStateSchema = z.enum(DEFAULT_STATES);

export const isChannel = (value: unknown): value is Channel =>
  (CHANNELS as readonly unknown[]).includes(value);
