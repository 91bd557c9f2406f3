import { Identity } from "../state";
import { guidFor } from "./ids";

function person(displayName: string, uniqueName: string): Identity {
  return { id: guidFor(`identity:${uniqueName}`), displayName, uniqueName };
}

/** The identity the sample tokens authenticate as. */
export const SAMPLE_IDENTITY: Identity = person("Sandbox Administrator", "admin@mhhs-sandbox.example");

/** Fictional testers: each participant-role's plan has one as owner and tester. */
export const TESTERS: readonly Identity[] = [
  person("Avery Quillon", "avery.quillon@testers.mhhs-sandbox.example"),
  person("Blair Tamsworth", "blair.tamsworth@testers.mhhs-sandbox.example"),
  person("Casey Morrowby", "casey.morrowby@testers.mhhs-sandbox.example"),
  person("Devon Ashcombe", "devon.ashcombe@testers.mhhs-sandbox.example"),
  person("Emery Holtwick", "emery.holtwick@testers.mhhs-sandbox.example"),
  person("Finley Saxby", "finley.saxby@testers.mhhs-sandbox.example"),
];

/** Fictional Code Body assurers, named in the sample settings. */
export const BSC_ASSURER: Identity = person("Beatrix Sollers (BSC)", "beatrix.sollers@bsc-assurance.example");
export const REC_ASSURER: Identity = person("Reuben Caldwell (REC)", "reuben.caldwell@rec-assurance.example");
