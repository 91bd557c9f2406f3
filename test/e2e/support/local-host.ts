/**
 * The local extension host for browser tests: the sandbox in this process over the sample programme, serving the
 * built pages (dist/web, from `npm run build`) under `/_host/`, with the sample settings saved in extension data.
 * After a `POST /_sandbox/reset` or a fixture load, extension data is empty again: call seedSampleSettings
 * (sandbox/host/seed.ts) if a test needs the settings back.
 */
import { join } from "node:path";
import { HostTheme, HostUserKey } from "../../../sandbox/host/contributions";
import { startHostedSandbox } from "../../../sandbox/host/hosted-sandbox";
import { ukDate } from "../../../src/core/calendar";
import { formatHostUrl } from "../../../sandbox/host/host-url";
import { RunningSandbox } from "../../../sandbox/server";

/** Where `npm run build` writes the pages. */
export const DIST_WEB = join(__dirname, "..", "..", "..", "dist", "web");

export interface LocalHost {
  hostUrl: string;
  orgUrl: string;
  sandbox: RunningSandbox;
  pageUrl(
    page: string,
    options?: {
      user?: "tester" | "bsc" | "rec";
      theme?: "light" | "dark";
      query?: Record<string, string>;
      hash?: string;
    },
  ): string;
  close(): Promise<void>;
}

export async function startLocalHost(
  options: {
    scale?: number;
    participantRoles?: number;
    latencyMs?: number;
    /** "live": windows around today's date, as `npm start` serves them (the browser's clock is today's). */
    calendar?: "live";
  } = {},
): Promise<LocalHost> {
  const hosted = await startHostedSandbox({
    webRoot: DIST_WEB,
    programme: {
      seed: 1,
      scale: options.scale ?? 0.05,
      participantRoles: options.participantRoles,
      ...(options.calendar ? { calendar: options.calendar, today: ukDate(new Date()) } : {}),
    },
    latencyMs: options.latencyMs,
  });
  return {
    hostUrl: hosted.hostUrl,
    orgUrl: hosted.sandbox.orgUrl,
    sandbox: hosted.sandbox,
    pageUrl: (page, pageOptions = {}) =>
      formatHostUrl(hosted.hostUrl, {
        page,
        user: pageOptions.user ?? ("tester" satisfies HostUserKey),
        theme: pageOptions.theme ?? ("light" satisfies HostTheme),
        query: pageOptions.query ?? {},
        hash: pageOptions.hash ?? "",
      }),
    close: () => hosted.close(),
  };
}
