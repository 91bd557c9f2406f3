/**
 * The port with every request run through one resilient caller (bounded concurrency, retries, Retry-After), each
 * named by its REST operation here, once. Surfaces and the store use this port and never name an operation; the
 * reader, which accounts for each request of a participant-role's read itself, uses the bare port and the caller.
 *
 * Never give this port to code that also wraps its requests in the same caller: a request waiting for a slot
 * inside a call that holds one can exhaust the slots and wait forever.
 */
import { AdoPort, DocumentAddress } from "./port";
import { CallOptions } from "./reader-deps";
import { analyticsOperation } from "./odata";
import { ResilientCaller } from "./resilience";

const enc = encodeURIComponent;
const docs = (a: DocumentAddress) => `extensionmanagement/${a.scopeType}/${enc(a.collection)}/Documents`;
/** The next page of a list goes before new work, so a read already under way finishes first. */
const paging = (token: string | undefined): CallOptions | undefined => (token ? { continuation: true } : undefined);

export function resilientPort(port: AdoPort, caller: ResilientCaller): AdoPort {
  const call = caller.call.bind(caller);
  return {
    orgUrl: port.orgUrl,
    listPlans: (project, token) => call("GET testplan/Plans", () => port.listPlans(project, token), paging(token)),
    listSuites: (project, planId, token) =>
      call(`GET testplan/Plans/${planId}/Suites`, () => port.listSuites(project, planId, token), paging(token)),
    listPoints: (project, planId, suiteId, options) =>
      call(
        `GET testplan/Plans/${planId}/Suites/${suiteId}/TestPoint`,
        () => port.listPoints(project, planId, suiteId, options),
        paging(options.continuationToken),
      ),
    listTestCases: (project, planId, suiteId, token) =>
      call(
        `GET testplan/Plans/${planId}/Suites/${suiteId}/TestCase`,
        () => port.listTestCases(project, planId, suiteId, token),
        paging(token),
      ),
    queryWiql: (project, wiql, top) => call("POST wit/wiql", () => port.queryWiql(project, wiql, top)),
    getWorkItems: (project, ids, fields) =>
      call("POST wit/workitemsbatch", () => port.getWorkItems(project, ids, fields)),
    getWorkItemsWithRelations: (project, ids) =>
      call("POST wit/workitemsbatch", () => port.getWorkItemsWithRelations(project, ids)),
    listWorkItemTypes: (project) => call("GET wit/workitemtypes", () => port.listWorkItemTypes(project)),
    getWorkItemTypeStates: (project, type) =>
      call(`GET wit/workitemtypes/${type}/states`, () => port.getWorkItemTypeStates(project, type)),
    listWorkItemTypeFields: (project, type) =>
      call(`GET wit/workitemtypes/${type}/fields`, () => port.listWorkItemTypeFields(project, type)),
    getFieldAllowedValues: (project, type, field) =>
      call(`GET wit/workitemtypes/${type}/fields/${field}`, () => port.getFieldAllowedValues(project, type, field)),
    getAreaTree: (project, depth) => call("GET wit/classificationnodes/areas", () => port.getAreaTree(project, depth)),
    evaluatePermissions: (checks) =>
      call("POST security/permissionevaluationbatch", () => port.evaluatePermissions(checks)),
    listWorkItemRevisions: (project, options) =>
      call(
        "GET wit/reporting/workitemrevisions",
        () => port.listWorkItemRevisions(project, options),
        paging(options.continuationToken),
      ),
    authenticatedUser: () => call("GET connectionData", () => port.authenticatedUser()),
    listTeamMembers: (project, team, page) =>
      call(`GET projects/${project}/teams/${team}/members`, () => port.listTeamMembers(project, team, page)),
    createWorkItem: (project, type, fields, attachments) =>
      call(`POST wit/workitems/$${type}`, () => port.createWorkItem(project, type, fields, attachments)),
    uploadAttachment: (project, fileName, content) =>
      call("POST wit/attachments", () => port.uploadAttachment(project, fileName, content)),
    listAttachedFiles: (project, id) =>
      call(`GET wit/workitems/${id}?$expand=relations`, () => port.listAttachedFiles(project, id)),
    readAttachment: (project, attachmentId) =>
      call(`GET wit/attachments/${attachmentId}`, () => port.readAttachment(project, attachmentId)),
    updateWorkItem: (project, id, fields) =>
      call(`PATCH wit/workitems/${id}`, () => port.updateWorkItem(project, id, fields)),
    getDocument: (address, id) => call(`GET ${docs(address)}/${enc(id)}`, () => port.getDocument(address, id)),
    listDocuments: (address) => call(`GET ${docs(address)}`, () => port.listDocuments(address)),
    setDocument: (address, doc) => call(`PUT ${docs(address)}`, () => port.setDocument(address, doc)),
    deleteDocument: (address, id) => call(`DELETE ${docs(address)}/${enc(id)}`, () => port.deleteDocument(address, id)),
    getAnalytics: (url) => call(analyticsOperation("GET", url), () => port.getAnalytics(url)),
    batchAnalytics: (batchUrl, queryUrl) =>
      call(analyticsOperation("GET", queryUrl), () => port.batchAnalytics(batchUrl, queryUrl)),
  };
}
