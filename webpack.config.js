// Bundles what ships in the extension: each pipeline task to one file beside its task.json and icon.
// (Hubs and widgets join here as they arrive.) `npm run build` runs it after tsc.
const path = require("node:path");
const fs = require("node:fs");
const webpack = require("webpack");

const TASKS = ["QtExitGate", "QtCompletionReport"];
const TASK_LIB = path.dirname(require.resolve("azure-pipelines-task-lib/package.json"));
const NODE_API = path.dirname(require.resolve("azure-devops-node-api/package.json"));
/** The azure-devops-node-api clients src/ado/node-port.ts uses (and LocationsApi, which WebApi uses itself). */
const NODE_API_CLIENTS = new Set(["TestPlanApi", "WorkItemTrackingApi", "ExtensionManagementApi", "LocationsApi"]);

/**
 * WebApi requires every client of the service at load time (~2.7 MB) but only calls the getters we use: the other
 * clients are replaced by a stub that throws if anything ever reaches it.
 */
const unusedNodeApiClients = new webpack.NormalModuleReplacementPlugin(/^\.\/\w+Api$/, (resource) => {
  const name = resource.request.slice(2);
  if (path.resolve(resource.context) === NODE_API && !NODE_API_CLIENTS.has(name))
    resource.request = path.resolve(__dirname, "scripts", "webpack", "unused-client.js");
});

/** Copies files next to a task's bundle once it is written: the agent reads task.json and the icon from there. */
class CopyBesideBundle {
  constructor(copies) {
    this.copies = copies;
  }
  apply(compiler) {
    compiler.hooks.afterEmit.tap("CopyBesideBundle", () => {
      for (const { from, to } of this.copies) {
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(from, to);
      }
    });
  }
}

module.exports = (_env, argv) => {
  const production = argv.mode !== "development";
  return TASKS.map((task) => {
    const out = path.resolve(__dirname, "dist", "tasks", task);
    return {
      name: task,
      mode: production ? "production" : "development",
      target: "node20",
      entry: path.resolve(__dirname, "src", "pipeline-tasks", task, "index.ts"),
      output: { path: out, filename: "index.js", library: { type: "commonjs2" }, clean: true },
      devtool: false,
      resolve: { extensions: [".ts", ".js", ".json"] },
      module: {
        rules: [
          {
            test: /\.ts$/,
            loader: "ts-loader",
            exclude: /node_modules/,
            options: { transpileOnly: true, configFile: path.resolve(__dirname, "tsconfig.json") },
          },
          {
            // task-lib loads its message catalogue with require(<computed path>): keep that a runtime require, and
            // ship lib.json beside the bundle where task-lib looks for it (__dirname).
            test: /[\\/]azure-pipelines-task-lib[\\/]internal\.js$/,
            loader: path.resolve(__dirname, "scripts", "webpack", "runtime-require-loader.js"),
          },
        ],
      },
      // The agent runs the bundle with its own Node: keep __dirname the bundle's folder.
      node: { __dirname: false, __filename: false },
      optimization: { minimize: production },
      performance: { hints: false },
      stats: "errors-warnings",
      plugins: [
        unusedNodeApiClients,
        new CopyBesideBundle([
          {
            from: path.resolve(__dirname, "src", "pipeline-tasks", task, "task.json"),
            to: path.join(out, "task.json"),
          },
          { from: path.resolve(__dirname, "src", "pipeline-tasks", task, "icon.png"), to: path.join(out, "icon.png") },
          { from: path.join(TASK_LIB, "lib.json"), to: path.join(out, "lib.json") },
        ]),
      ],
    };
  });
};
