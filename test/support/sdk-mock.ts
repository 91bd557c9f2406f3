/**
 * A stand-in for `azure-devops-extension-sdk` in unit tests (jest maps the package name here).
 *
 * The real SDK talks to a host frame over postMessage and its CommonJS entry is an AMD build, so unit tests cannot
 * load it. This module exports the SDK's API as `jest.fn`s with a resolved, deterministic default behaviour, plus
 * `sdkMock`, a handle for tests to shape what the "host" answers:
 *
 *   import * as SDK from "azure-devops-extension-sdk";   // this module, typed as the real SDK
 *   import { sdkMock } from "../support/sdk-mock";        // the same module instance
 *   beforeEach(() => sdkMock.reset());
 *   sdkMock.setService("ms.vss-features.extension-data-service", fakeDataService);
 *
 * Pages talking to a real (or the sandbox's) host are tested in the browser, not here.
 */
import type * as RealSdk from "azure-devops-extension-sdk";

type Sdk = typeof RealSdk;

/** The real SDK's enum, as values (a `declare enum` has no runtime object we could import). */
export const HostType = { Unknown: 0, Deployment: 1, Enterprise: 2, Organization: 4 } as unknown as Sdk["HostType"];

export const sdkVersion: Sdk["sdkVersion"] = 4.2;

interface MockState {
  initialised: boolean;
  initOptions: RealSdk.IExtensionInitOptions | undefined;
  loadSucceeded: boolean;
  loadFailure: Error | string | undefined;
  configuration: Record<string, unknown>;
  contributionId: string;
  user: RealSdk.IUserContext;
  host: RealSdk.IHostContext;
  extension: RealSdk.IExtensionContext;
  team: RealSdk.ITeamContext;
  pageContext: RealSdk.IPageContext;
  accessToken: string;
  appToken: string;
  services: Map<string, unknown>;
  registered: Map<string, unknown>;
  theme: Record<string, string> | undefined;
  size: { width?: number; height?: number } | undefined;
}

function defaultState(): MockState {
  const project = { id: "00000000-0000-0000-0000-0000000000a1", name: "MHHS Programme" };
  const team = { id: "00000000-0000-0000-0000-0000000000b1", name: "MHHS Programme Team" };
  return {
    initialised: false,
    initOptions: undefined,
    loadSucceeded: false,
    loadFailure: undefined,
    configuration: {},
    contributionId: "qt-assurance.qt-assurance.test-contribution",
    user: {
      id: "00000000-0000-0000-0000-0000000000c1",
      name: "test.lead@example.org",
      displayName: "Test Lead",
      descriptor: "aad.dGVzdC1sZWFk",
      imageUrl: "",
    },
    host: {
      id: "00000000-0000-0000-0000-0000000000d1",
      name: "example-org",
      serviceVersion: "test",
      type: HostType.Organization,
      isHosted: true,
    },
    extension: {
      id: "qt-assurance.qt-assurance",
      publisherId: "qt-assurance",
      extensionId: "qt-assurance",
      version: "0.1.0",
    },
    team,
    pageContext: {
      globalization: {
        culture: "en-GB",
        explicitTheme: "",
        theme: "Light",
        timeZoneId: "GMT Standard Time",
        timezoneOffset: 0,
        typeAheadDisabled: false,
      },
      timeZonesConfiguration: { daylightSavingsAdjustments: [] },
      webContext: { project, team },
    },
    accessToken: "test-access-token",
    appToken: "test-app-token",
    services: new Map(),
    registered: new Map(),
    theme: undefined,
    size: undefined,
  };
}

let state = defaultState();

export const init = jest.fn<Promise<void>, [RealSdk.IExtensionInitOptions?]>(async (options) => {
  state.initialised = true;
  state.initOptions = options;
  // As in the real SDK, `loaded` defaults to true: the page counts as loaded once the handshake completes.
  if (options?.loaded !== false) state.loadSucceeded = true;
});

export const ready = jest.fn<Promise<void>, []>(async () => {
  if (!state.initialised) {
    // The real SDK would wait for init() forever; a test that forgot it should fail loudly instead.
    throw new Error("sdk-mock: ready() called before init()");
  }
});

export const notifyLoadSucceeded = jest.fn<Promise<void>, []>(async () => {
  state.loadSucceeded = true;
});

export const notifyLoadFailed = jest.fn<Promise<void>, [Error | string]>(async (e) => {
  state.loadFailure = e;
});

export const getConfiguration = jest.fn<Record<string, unknown>, []>(() => state.configuration);
export const getContributionId = jest.fn<string, []>(() => state.contributionId);
export const getUser = jest.fn<RealSdk.IUserContext, []>(() => state.user);
export const getHost = jest.fn<RealSdk.IHostContext, []>(() => state.host);
export const getExtensionContext = jest.fn<RealSdk.IExtensionContext, []>(() => state.extension);
export const getTeamContext = jest.fn<RealSdk.ITeamContext, []>(() => state.team);
export const getPageContext = jest.fn<RealSdk.IPageContext, []>(() => state.pageContext);
export const getWebContext = jest.fn<ReturnType<Sdk["getWebContext"]>, []>(() => state.pageContext.webContext);

export const getService = jest.fn(async (contributionId: string): Promise<unknown> => {
  if (!state.services.has(contributionId)) {
    throw new Error(`sdk-mock: no service "${contributionId}"; provide one with sdkMock.setService()`);
  }
  return state.services.get(contributionId);
}) as jest.Mock<Promise<unknown>, [string]> & Sdk["getService"];

export const register = jest.fn(<T extends object>(instanceId: string, instance: T): void => {
  state.registered.set(instanceId, instance);
}) as jest.Mock<void, [string, object]> & Sdk["register"];

export const unregister = jest.fn<void, [string]>((instanceId) => {
  state.registered.delete(instanceId);
});

export const getAccessToken = jest.fn<Promise<string>, []>(async () => state.accessToken);
export const getAppToken = jest.fn<Promise<string>, []>(async () => state.appToken);

export const resize = jest.fn<void, [number?, number?]>((width, height) => {
  state.size = { width, height };
});

export const applyTheme = jest.fn<void, [{ [varName: string]: string }]>((themeData) => {
  state.theme = { ...themeData };
});

const sdkFunctions = [
  init,
  ready,
  notifyLoadSucceeded,
  notifyLoadFailed,
  getConfiguration,
  getContributionId,
  getUser,
  getHost,
  getExtensionContext,
  getTeamContext,
  getPageContext,
  getWebContext,
  getService,
  register,
  unregister,
  getAccessToken,
  getAppToken,
  resize,
  applyTheme,
] as const;

/** Test-side control of the mock. Not part of the SDK: production code must never import this module directly. */
export const sdkMock = {
  /** Restores the default host answers and clears every mock's calls. Call it in `beforeEach`. */
  reset(): void {
    state = defaultState();
    for (const fn of sdkFunctions) fn.mockClear();
  },
  setConfiguration(configuration: Record<string, unknown>): void {
    state.configuration = configuration;
  },
  setContributionId(contributionId: string): void {
    state.contributionId = contributionId;
  },
  setUser(user: Partial<RealSdk.IUserContext>): void {
    state.user = { ...state.user, ...user };
  },
  setProject(project: { id: string; name: string }): void {
    state.pageContext = { ...state.pageContext, webContext: { ...state.pageContext.webContext, project } };
  },
  setAccessToken(token: string): void {
    state.accessToken = token;
  },
  /** What `SDK.getService(contributionId)` resolves to. */
  setService(contributionId: string, service: unknown): void {
    state.services.set(contributionId, service);
  },
  /** The object a page registered with `SDK.register(instanceId, …)`, e.g. a widget's load/reload. */
  registered<T = unknown>(instanceId: string): T | undefined {
    return state.registered.get(instanceId) as T | undefined;
  },
  get initialised(): boolean {
    return state.initialised;
  },
  get initOptions(): RealSdk.IExtensionInitOptions | undefined {
    return state.initOptions;
  },
  get loadSucceeded(): boolean {
    return state.loadSucceeded;
  },
  get loadFailure(): Error | string | undefined {
    return state.loadFailure;
  },
  get theme(): Record<string, string> | undefined {
    return state.theme;
  },
  get size(): { width?: number; height?: number } | undefined {
    return state.size;
  },
};

// Compile-time proof that this module offers everything the real SDK exports, with compatible types.
type MockModule = typeof import("./sdk-mock");
type Missing = Exclude<keyof Sdk, keyof MockModule>;
const noneMissing: [Missing] extends [never] ? true : Missing = true;
const compatible: Pick<Sdk, Exclude<keyof Sdk, "HostType">> = {} as Pick<MockModule, Exclude<keyof Sdk, "HostType">>;
void noneMissing;
void compatible;
