/**
 * The control API under `/_sandbox/`: tests, benchmarks and people drive the sandbox through it (reset, load a
 * fixture, edit a work item or a point, set faults, read the request log, add tokens). The server never
 * authenticates or faults these routes, and product code never calls them.
 */
import { addAreaNode, denyArea, grantBypassRules } from "./area-control";
import { analyticsControlRoutes } from "./analytics/routes";
import { FaultSettings, NO_FAULTS } from "./faults";
import { Programme, ProgrammeOptions, generateProgramme, summarise } from "./generator";
import { guidFor } from "./generator/ids";
import { SAMPLE_IDENTITY } from "./generator/identities";
import { isNotRun, isPointOutcome, legacyOutcome, pointStateFor, resultStateFor } from "./generator/outcomes";
import { badRequest, notFound } from "./http/errors";
import { Router } from "./http/router";
import { RouteModule, SandboxEnv } from "./server";
import { Identity, ProjectState, SandboxState, TestPoint, TokenGrant, WorkItem } from "./state";

export interface ControlOptions {
  /** Options of the programme the sandbox starts with: `POST /_sandbox/reset` regenerates it from these. */
  initial: ProgrammeOptions;
  /** That programme, when the caller has generated it already (it must come from `initial`). */
  programme?: Programme;
  /** Told about each programme that reset or a fixture loads. */
  onLoad?: (programme: Programme) => void;
}

type Loaded = Pick<Programme, "settings"> & { summary: Pick<Programme["summary"], "parameters" | "edgeCases"> };

export function controlRoutes(options: ControlOptions): RouteModule {
  return (router: Router, env: SandboxEnv) => {
    let loaded: Loaded = options.programme ?? generateProgramme(options.initial);
    const started = Date.now();

    const load = (programmeOptions: ProgrammeOptions) => {
      const programme = generateProgramme({
        ...programmeOptions,
        orgName: options.initial.orgName,
        projectName: options.initial.projectName,
      });
      env.replaceState(programme.state);
      loaded = programme;
      options.onLoad?.(programme);
      return programme.summary;
    };
    const summary = () => summarise(env.state(), loaded.settings, loaded.summary.parameters, loaded.summary.edgeCases);

    router.add({
      method: "GET",
      template: "/_sandbox/health",
      handler: () => ({
        status: "ok",
        organization: env.state().organization.name,
        orgUrl: env.orgUrl(),
        projects: env.state().projects.map((p) => p.name),
        parameters: loaded.summary.parameters,
        uptimeSeconds: Math.round((Date.now() - started) / 1000),
      }),
    });
    router.add({ method: "GET", template: "/_sandbox/programme", handler: summary });
    router.add({ method: "POST", template: "/_sandbox/reset", handler: () => load(options.initial) });
    router.add({
      method: "POST",
      template: "/_sandbox/fixture",
      handler: ({ body }) => {
        const input = asObject(body, "The fixture");
        allowOnly(input, ["seed", "scale", "today", "participantRoles", "calendar"], "fixture");
        return load({
          seed: input.seed as number,
          scale: input.scale as number,
          today: input.today as string | undefined,
          participantRoles: input.participantRoles as number | undefined,
          calendar: input.calendar as ProgrammeOptions["calendar"],
        });
      },
    });
    router.add({
      method: "PATCH",
      template: "/_sandbox/workitems/{id}",
      handler: ({ params, body }) => editWorkItem(env.state(), params.id, body),
    });
    router.add({
      method: "PATCH",
      template: "/_sandbox/points/{id}",
      handler: ({ params, body }) => editPoint(env.state(), params.id, body),
    });
    router.add({ method: "GET", template: "/_sandbox/faults", handler: () => env.faults.current });
    router.add({
      method: "PUT",
      template: "/_sandbox/faults",
      reads: true,
      handler: ({ body }) => {
        const input = asObject(body, "The fault settings");
        allowOnly(input, [...Object.keys(NO_FAULTS), "pathPattern"], "fault setting");
        return env.faults.set(input as Partial<FaultSettings>);
      },
    });
    router.add({
      method: "GET",
      template: "/_sandbox/log",
      handler: ({ query }) => {
        const since = Number(query.get("since") ?? 0);
        return env.log.list().filter((entry) => entry.seq > since);
      },
    });
    router.add({
      method: "DELETE",
      template: "/_sandbox/log",
      reads: true,
      handler: () => {
        const cleared = env.log.list().length;
        env.log.clear();
        return { cleared };
      },
    });
    router.add({
      method: "POST",
      template: "/_sandbox/areas",
      created: true,
      handler: ({ body }) => addAreaNode(env.state(), asObject(body, "The area node")),
    });
    router.add({
      method: "POST",
      template: "/_sandbox/areas/denies",
      created: true,
      handler: ({ body }) => denyArea(env.state(), asObject(body, "The deny")),
    });
    router.add({
      method: "POST",
      template: "/_sandbox/bypass-rules",
      created: true,
      handler: ({ body }) => grantBypassRules(env.state(), asObject(body, "The grant")),
    });
    router.add({
      method: "DELETE",
      template: "/_sandbox/areas/denies",
      handler: () => ({ cleared: env.state().areaDenies.splice(0).length }),
    });
    router.add({
      method: "POST",
      template: "/_sandbox/tokens",
      created: true,
      handler: ({ body }) => addToken(env.state(), body),
    });
    analyticsControlRoutes(router, env);
  };
}

function asObject(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest(`${what} must be a JSON object.`);
  return body as Record<string, unknown>;
}

function allowOnly(input: Record<string, unknown>, names: readonly string[], what: string): void {
  const unknown = Object.keys(input).filter((k) => !names.includes(k));
  if (unknown.length > 0)
    throw badRequest(`Unknown ${what} ${unknown.map((k) => `"${k}"`).join(", ")}; expected ${names.join(", ")}.`);
}

function wholeNumber(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw badRequest(`${what} must be a whole number from 1, not "${text}".`);
  return n;
}

/** Managed by the sandbox: a patch may not set them. */
const MANAGED_FIELDS = new Set(["system.id", "system.rev"]);

/** Sets (or, with null, removes) fields; bumps rev and System.ChangedDate (unless the patch sets it). */
function editWorkItem(state: SandboxState, idText: string, body: unknown): WorkItem {
  const id = wholeNumber(idText, "The work item id");
  const item = state.workItems.get(id);
  if (!item)
    throw notFound(
      `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
      "WorkItemUnauthorizedAccessException",
    );
  const input = asObject(body, "The patch");
  allowOnly(input, ["fields"], "member");
  const fields = asObject(input.fields, "fields");
  const known = new Map(state.fields.map((f) => [f.referenceName.toLowerCase(), f.referenceName]));
  const changes: [string, unknown][] = Object.entries(fields).map(([name, value]) => {
    const referenceName = known.get(name.toLowerCase());
    if (!referenceName) throw badRequest(`TF51535: Cannot find field ${name}.`, "WorkItemFieldInvalidException");
    if (MANAGED_FIELDS.has(name.toLowerCase()))
      throw badRequest(`The field ${referenceName} is managed by the sandbox.`);
    if (value !== null && !["string", "number", "boolean"].includes(typeof value)) {
      throw badRequest(`The value of ${referenceName} must be a string, number, boolean or null.`);
    }
    return [referenceName, value];
  });
  const previous = Date.parse(String(item.fields["System.ChangedDate"] ?? ""));
  for (const [name, value] of changes) {
    if (value === null) delete item.fields[name];
    else item.fields[name] = value;
  }
  if (!changes.some(([name]) => name === "System.ChangedDate")) {
    item.fields["System.ChangedDate"] = new Date(
      Math.max(Date.now(), Number.isNaN(previous) ? 0 : previous + 1),
    ).toISOString();
  }
  item.rev++;
  return item;
}

/** Sets a point's outcome and/or isActive; an executed outcome is recorded as a one-result run, as a tester's would be. */
function editPoint(state: SandboxState, idText: string, body: unknown): TestPoint {
  const id = wholeNumber(idText, "The point id");
  const input = asObject(body, "The patch");
  allowOnly(input, ["outcome", "isActive"], "member");
  if (input.outcome === undefined && input.isActive === undefined) throw badRequest("Give outcome and/or isActive.");
  if (input.outcome !== undefined && !isPointOutcome(input.outcome))
    throw badRequest(`"${String(input.outcome)}" is not a test point outcome.`);
  if (input.isActive !== undefined && typeof input.isActive !== "boolean")
    throw badRequest("isActive must be true or false.");
  for (const project of state.projects) {
    for (const points of project.pointsBySuite.values()) {
      const point = points.find((p) => p.id === id);
      if (!point) continue;
      const now = new Date().toISOString();
      if (typeof input.isActive === "boolean") point.isActive = input.isActive;
      if (isPointOutcome(input.outcome)) {
        point.outcome = input.outcome;
        point.state = pointStateFor(input.outcome);
        if (isNotRun(input.outcome)) {
          delete point.lastRunId;
          delete point.lastResultId;
        } else recordResult(project, state, point, now);
      }
      point.lastUpdatedDate = now;
      return point;
    }
  }
  throw notFound(`Test point ${id} does not exist.`, "TestObjectNotFoundException");
}

function recordResult(project: ProjectState, state: SandboxState, point: TestPoint, now: string): void {
  const runId = Math.max(0, ...project.runs.keys()) + 1;
  const resultState = resultStateFor(point.outcome);
  const finished = resultState === "Completed";
  const title = state.workItems.get(point.testCaseId)?.fields["System.Title"];
  project.runs.set(runId, {
    id: runId,
    name: `Sandbox control: point ${point.id}`,
    planId: point.planId,
    state: finished ? "Completed" : "InProgress",
    isAutomated: false,
    startedDate: now,
    completedDate: finished ? now : undefined,
    owner: point.tester,
  });
  project.resultsByRun.set(runId, [
    {
      id: 100000,
      runId,
      pointId: point.id,
      testCaseId: point.testCaseId,
      testCaseTitle: typeof title === "string" ? title : "",
      configurationId: point.configurationId,
      outcome: legacyOutcome(point.outcome),
      state: resultState,
      startedDate: now,
      completedDate: finished ? now : undefined,
      runBy: point.tester,
    },
  ]);
  point.lastRunId = runId;
  point.lastResultId = 100000;
}

function addToken(state: SandboxState, body: unknown): { token: string } & TokenGrant {
  const input = asObject(body, "The token");
  allowOnly(input, ["token", "scopes", "identity"], "member");
  const { token, scopes } = input;
  if (typeof token !== "string" || token.trim() === "") throw badRequest("token must be a non-empty string.");
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === "string" && s.length > 0)) {
    throw badRequest('scopes must be an array of scope names, e.g. ["vso.work", "vso.test"] or ["app_token"].');
  }
  const identity =
    input.identity === undefined ? { ...SAMPLE_IDENTITY } : identityOf(asObject(input.identity, "identity"));
  const grant: TokenGrant = { identity, scopes: [...(scopes as string[])] };
  state.tokens.set(token, grant);
  return { token, ...grant };
}

function identityOf(input: Record<string, unknown>): Identity {
  allowOnly(input, ["id", "displayName", "uniqueName"], "identity member");
  const { id, displayName, uniqueName } = input;
  if (typeof uniqueName !== "string" || uniqueName === "")
    throw badRequest("identity.uniqueName must be a non-empty string.");
  if (displayName !== undefined && typeof displayName !== "string")
    throw badRequest("identity.displayName must be a string.");
  if (id !== undefined && typeof id !== "string") throw badRequest("identity.id must be a string.");
  return { id: id ?? guidFor(`identity:${uniqueName}`), displayName: displayName ?? uniqueName, uniqueName };
}
