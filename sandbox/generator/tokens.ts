import { TokenGrant } from "../state";
import { BSC_ASSURER, REC_ASSURER, SAMPLE_IDENTITY, TESTERS } from "./identities";

/** Full scope (as a PAT created with "Full access"): what `npm start` prints. */
export const SAMPLE_PAT = "sandbox-pat";
/** Work items only, no `vso.test`: test plan calls answer 401 TF400813 (permission tests). */
export const WORK_ONLY_PAT = "sandbox-pat-work-only";
/** Full scope, authenticating as the sample settings' assurers. */
export const BSC_ASSURER_PAT = "sandbox-pat-bsc";
export const REC_ASSURER_PAT = "sandbox-pat-rec";
/** Full scope, authenticating as a participant's tester: the assessed party, for attack tests. */
export const TESTER_PAT = "sandbox-pat-tester";

export function sampleTokens(): Map<string, TokenGrant> {
  return new Map<string, TokenGrant>([
    [SAMPLE_PAT, { identity: { ...SAMPLE_IDENTITY }, scopes: ["app_token"] }],
    [WORK_ONLY_PAT, { identity: { ...SAMPLE_IDENTITY }, scopes: ["vso.work"] }],
    [BSC_ASSURER_PAT, { identity: { ...BSC_ASSURER }, scopes: ["app_token"] }],
    [REC_ASSURER_PAT, { identity: { ...REC_ASSURER }, scopes: ["app_token"] }],
    [TESTER_PAT, { identity: { ...TESTERS[0] }, scopes: ["app_token"] }],
  ]);
}
