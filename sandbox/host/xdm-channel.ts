/**
 * The host's end of azure-devops-extension-sdk 4.2's XDM channel (node_modules/azure-devops-extension-sdk/esm/XDM.js),
 * for one framed page:
 *
 * - messages are `JSON.stringify`'d strings posted to the frame (the SDK ignores objects);
 * - a request is `{id, methodName, instanceId, instanceContext?, params, serializationSettings?, handshakeToken?}`
 *   and a reply `{id, result}` or `{id, error}`; requests carry an `instanceId`, replies do not;
 * - the page stamps a random token on its first request (`initialHandshake`) and accepts only replies carrying
 *   it, so every reply echoes the token learnt there; messages are accepted by their source window, never by token;
 * - functions in a reply travel as `{__proxyFunctionId, _channelId}` and are called back as `proxy<n>` on
 *   `__proxyFunctions`; dates as `{__proxyDate}`; properties starting with `_` are left out unless the request's
 *   `serializationSettings.includeUnderscoreProperties` is set (or `__etag` would vanish).
 *
 * Every request gets an answer: an unknown object or method is an error reply, never silence.
 */

interface SerializationSettings {
  includeUnderscoreProperties?: boolean;
}

interface RpcMessage {
  id: number;
  methodName?: string;
  instanceId?: string;
  instanceContext?: unknown;
  params?: unknown[];
  serializationSettings?: SerializationSettings;
  handshakeToken?: string;
  result?: unknown;
  error?: unknown;
}

/** A registered object, or a factory given the request's instance context. */
export type Registered = object | ((context: unknown) => object | undefined);

type AnyFunction = (...args: unknown[]) => unknown;

const MAX_DEPTH = 100;
let nextChannelId = 1;

export class HostChannel {
  readonly channelId = nextChannelId++;
  private handshakeToken: string | undefined;
  private nextMessageId = 1;
  private nextProxyId = 1;
  private readonly proxyFunctions = new Map<string, AnyFunction>();
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(reason: unknown): void }>();
  private readonly registry = new Map<string, Registered>();
  private closed = false;

  constructor(
    private readonly target: Window,
    private readonly onUnhandled: (what: string) => void = () => undefined,
  ) {}

  register(instanceId: string, instance: Registered): void {
    this.registry.set(instanceId, instance);
  }

  /** Whether the handshake has happened (the page's token is known). */
  get connected(): boolean {
    return this.handshakeToken !== undefined;
  }

  /** Stops answering (the frame was replaced) and fails what is still waiting. */
  close(): void {
    this.closed = true;
    for (const { reject } of this.pending.values()) reject(new Error("The frame was replaced."));
    this.pending.clear();
  }

  /** Handles one `message` event; returns whether it was this channel's. */
  handleEvent(event: MessageEvent): boolean {
    if (this.closed || event.source !== this.target || typeof event.data !== "string") return false;
    let message: RpcMessage;
    try {
      message = JSON.parse(event.data) as RpcMessage;
    } catch {
      return false;
    }
    if (typeof message !== "object" || message === null || typeof message.id !== "number") return false;
    if (message.instanceId) {
      if (message.methodName === "initialHandshake" && typeof message.handshakeToken === "string")
        this.handshakeToken = message.handshakeToken;
      void this.answer(message);
    } else {
      const waiting = this.pending.get(message.id);
      if (!waiting) return false;
      this.pending.delete(message.id);
      if (message.error !== undefined) waiting.reject(this.deserialize(message.error));
      else waiting.resolve(this.deserialize(message.result));
    }
    return true;
  }

  /** Calls a method of an object the page registered (e.g. `DevOps.SdkClient`'s `dispatchEvent`). */
  invoke(
    instanceId: string,
    methodName: string,
    params: unknown[] = [],
    serializationSettings?: SerializationSettings,
  ): Promise<unknown> {
    const message: RpcMessage = {
      id: this.nextMessageId++,
      methodName,
      instanceId,
      instanceContext: {},
      params: this.serialize(params, serializationSettings) as unknown[],
      serializationSettings,
    };
    const promise = new Promise<unknown>((resolve, reject) => this.pending.set(message.id, { resolve, reject }));
    this.post(message);
    return promise;
  }

  private async answer(request: RpcMessage): Promise<void> {
    const token = request.handshakeToken ?? this.handshakeToken;
    try {
      const result = await this.dispatch(request);
      this.post({
        id: request.id,
        result: (this.serialize([result], request.serializationSettings) as unknown[])[0],
        handshakeToken: token,
      });
    } catch (error) {
      const wire = errorToWire(error);
      this.post({
        id: request.id,
        error: (this.serialize([wire], request.serializationSettings) as unknown[])[0],
        handshakeToken: token,
      });
    }
  }

  private async dispatch(request: RpcMessage): Promise<unknown> {
    const instanceId = request.instanceId ?? "";
    let instance: object | undefined;
    if (instanceId === "__proxyFunctions") instance = Object.fromEntries(this.proxyFunctions);
    else {
      const registered = this.registry.get(instanceId);
      instance = typeof registered === "function" ? registered(request.instanceContext) : registered;
    }
    if (!instance) {
      this.onUnhandled(`the page asked for ${instanceId}, which the local host does not provide`);
      throw new Error(`The registered object ${instanceId} could not be found.`);
    }
    if (!request.methodName) return instance;
    const method = (instance as Record<string, unknown>)[request.methodName];
    if (typeof method !== "function") {
      this.onUnhandled(`${instanceId}.${request.methodName} is not provided by the local host`);
      throw new Error(`RPC method not found: ${request.methodName}`);
    }
    const args = request.params ? (this.deserialize(request.params) as unknown[]) : [];
    return await (method as AnyFunction).apply(instance, args);
  }

  private post(message: RpcMessage): void {
    if (!this.closed) this.target.postMessage(JSON.stringify(message), "*");
  }

  /** XDM.js's `_customSerializeObject`: functions become proxies, dates `{__proxyDate}`, `_` keys on request. */
  private serialize(value: unknown, settings?: SerializationSettings, parents: object[] = [], depth = 1): unknown {
    if (!value || depth > MAX_DEPTH || typeof value !== "object") return undefined;
    const source = value as Record<string | number, unknown>;
    parents.push(source);
    const member = (key: string | number, into: Record<string | number, unknown>, owner: object) => {
      let item: unknown;
      try {
        item = source[key];
      } catch {
        return;
      }
      if (item === undefined) return;
      if (typeof item === "object" && item !== null && parents.includes(item)) return; // circular: left out
      if (typeof item === "function") {
        into[key] = { __proxyFunctionId: this.registerProxy(item as AnyFunction, owner), _channelId: this.channelId };
      } else if (item instanceof Date) into[key] = { __proxyDate: item.getTime() };
      else if (typeof item === "object") into[key] = this.serialize(item, settings, parents, depth + 1);
      else if (key !== "__proxyFunctionId") into[key] = item;
    };
    let out: unknown;
    if (Array.isArray(source)) {
      const list: unknown[] = [];
      source.forEach((_, i) => member(i, list as unknown as Record<number, unknown>, source));
      out = list;
    } else {
      const obj: Record<string, unknown> = {};
      for (const key of propertyNames(source)) {
        if (key[0] !== "_" || settings?.includeUnderscoreProperties) member(key, obj, source);
      }
      out = obj;
    }
    parents.pop();
    return out;
  }

  private registerProxy(fn: AnyFunction, owner: object): number {
    const id = this.nextProxyId++;
    this.proxyFunctions.set(`proxy${id}`, (...args: unknown[]) => fn.apply(owner, args));
    return id;
  }

  /** XDM.js's `_customDeserializeObject`: proxies become functions that call the page back. */
  private deserialize(value: unknown): unknown {
    if (!value || typeof value !== "object") return value;
    const walk = (holder: Record<string | number, unknown>, key: string | number) => {
      const item = holder[key] as Record<string, unknown> | null;
      if (!item || typeof item !== "object") return;
      if (typeof item.__proxyFunctionId === "number") {
        const name = `proxy${item.__proxyFunctionId}`;
        holder[key] = (...args: unknown[]) =>
          this.invoke("__proxyFunctions", name, args, { includeUnderscoreProperties: true });
      } else if (typeof item.__proxyDate === "number") holder[key] = new Date(item.__proxyDate);
      else this.deserialize(item);
    };
    const holder = value as Record<string | number, unknown>;
    if (Array.isArray(holder)) holder.forEach((_, i) => walk(holder, i));
    else for (const key of Object.keys(holder)) walk(holder, key);
    return value;
  }
}

/** Own and inherited property names, as XDM.js collects them (not Object.prototype's, not `constructor`). */
function propertyNames(obj: object): string[] {
  const names = new Set<string>();
  let current: object | null = obj;
  while (current && current !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(current)) if (name !== "constructor") names.add(name);
    current = Object.getPrototypeOf(current) as object | null;
  }
  return [...names];
}

/** An error as a plain object, so its message (and any status or type key) reaches the page. */
function errorToWire(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const extra = error as Error & Record<string, unknown>;
    const wire: Record<string, unknown> = { name: error.name, message: error.message };
    for (const key of ["status", "typeKey", "serverError"]) if (extra[key] !== undefined) wire[key] = extra[key];
    return wire;
  }
  return { name: "Error", message: String(error) };
}
