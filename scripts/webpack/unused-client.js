// Stands in for an azure-devops-node-api client the bundle never uses (see webpack.config.js): loading it is
// harmless, constructing anything from it is a bundling mistake and says so.
module.exports = new Proxy(
  {},
  {
    get(_target, name) {
      if (name === "__esModule") return false;
      throw new Error(`azure-devops-node-api client ${String(name)} is not bundled: add it to NODE_API_CLIENTS`);
    },
  },
);
