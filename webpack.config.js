// Bundles what ships in the extension, and the local host that shows it: each pipeline task to one file beside
// its task.json and icon (dist/tasks/<Task>/), and each web page (hubs, widgets; the sandbox's host page) to
// dist/web/<page>.js with its HTML. `npm run build` runs it after tsc.
const path = require("node:path");
const fs = require("node:fs");
const webpack = require("webpack");
const { IconFontSubset } = require("./scripts/icon-font-subset");

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

/**
 * The web pages: hubs and widgets that ship, and the local extension host (sandbox/, never packaged). A page whose
 * entry does not exist yet is left out with a warning, so pages can be added one at a time.
 */
const PAGES = [
  { name: "qt-hub", entry: "src/hubs/qt-assurance/index.tsx", title: "QT Assurance" },
  { name: "settings-hub", entry: "src/hubs/settings/index.tsx", title: "QT Assurance settings" },
  { name: "exit-readiness-widget", entry: "src/widgets/exit-readiness/widget.tsx", title: "QT exit readiness" },
  {
    name: "exit-readiness-config",
    entry: "src/widgets/exit-readiness/config.tsx",
    title: "QT exit readiness: configure",
  },
  { name: "window-portfolio-widget", entry: "src/widgets/window-portfolio/widget.tsx", title: "QT window portfolio" },
  {
    name: "window-portfolio-config",
    entry: "src/widgets/window-portfolio/config.tsx",
    title: "QT window portfolio: configure",
  },
  { name: "burn-up-widget", entry: "src/widgets/burn-up/widget.tsx", title: "QT burn-up" },
  // The same page as the exit readiness configuration: both pick one participant-role.
  { name: "burn-up-config", entry: "src/widgets/exit-readiness/config.tsx", title: "QT burn-up: configure" },
  { name: "host", entry: "sandbox/host/host-page.ts", title: "QT Assurance local host" },
];

/**
 * The pages' Content-Security-Policy: scripts only from the extension's own files (no inline script, no eval, no
 * run-time compiled code: the settings validator is compiled at build time), no plugins, no <base>. Styles may be
 * inline (azure-devops-ui and style-loader inject them); data goes to the Azure DevOps organisation, https, or http
 * for an Azure DevOps Server on a local network (and the local sandbox).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "connect-src 'self' https: http:",
].join("; ");

/** The scripts an entry loads, in order: the chunks it shares with other pages, then its own bundle. */
function scriptsOf(compilation, name) {
  const entry = compilation.entrypoints.get(name);
  const files = entry ? entry.getFiles().filter((file) => file.endsWith(".js")) : [];
  return files.length > 0 ? files : [`${name}.js`];
}

/**
 * The dashboard widgets and their configuration pages share chunks, so that a dashboard showing several QT widgets
 * (each in its own frame, all from the extension's files) downloads the common code once and the browser's cache
 * serves it to the others:
 *   widget-vendor.js         React, react-dom, the SDK, azure-devops-extension-api and the other packages two or
 *                            more widget or configuration pages use; changes only with the dependencies
 *   widget-common-<a>_<b>.js the application code that exactly the widgets a and b (and so on) use: the engine,
 *                            the reader, the store, the settings validator, the trend reading, the charts. One
 *                            chunk per set of widgets, so each widget loads what it uses and nothing else
 * Each page's own bundle keeps what only it uses; PageHtml lists every script a page loads. The hubs are not split
 * (one frame each, nothing to share).
 */
const WIDGET_PAGE = /-(widget|config)$/;
const WIDGET_CHUNKS = {
  cacheGroups: {
    default: false,
    defaultVendors: false,
    widgetVendor: {
      name: "widget-vendor",
      test: /[\\/]node_modules[\\/]/,
      chunks: (chunk) => WIDGET_PAGE.test(chunk.name ?? ""),
      minChunks: 2,
      enforce: true,
      priority: 2,
    },
    widgetCommon: {
      name: (_module, chunks) =>
        `widget-common-${chunks
          .map((chunk) => chunk.name.replace(/-widget$/, ""))
          .sort()
          .join("_")}`,
      test: (module) => !/[\\/]node_modules[\\/]/.test(module.nameForCondition() ?? ""),
      chunks: (chunk) => /-widget$/.test(chunk.name ?? ""),
      minChunks: 2,
      enforce: true,
      priority: 1,
    },
  },
};

/** Writes `<page>.html` beside each page's bundle: a bare document that loads the script, under the CSP above. */
class PageHtml {
  constructor(pages) {
    this.pages = pages;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("PageHtml", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "PageHtml", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        () => {
          for (const page of this.pages) {
            const html = [
              "<!DOCTYPE html>",
              '<html lang="en-GB">',
              "<head>",
              '<meta charset="utf-8">',
              `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
              '<meta name="viewport" content="width=device-width, initial-scale=1">',
              `<title>${page.title}</title>`,
              "</head>",
              '<body><div id="root"></div>',
              // The page's own bundle last, after any chunk it shares with other pages (see WIDGET_CHUNKS).
              ...scriptsOf(compilation, page.name).map((file) => `<script src="${file}"></script>`),
              "</body>",
              "</html>",
              "",
            ].join("\n");
            compilation.emitAsset(`${page.name}.html`, new webpack.sources.RawSource(html));
          }
        },
      );
    });
  }
}

/** Files of the widget pages' build (their pages, bundles, shared chunks and licence notes) in dist/web. */
const WIDGET_FILE = /^(?:[\w-]+-(?:widget|config)(?:\.|$)|widget-(?:vendor|common)[\w-]*\.)/;

/**
 * Two builds into dist/web: "web", the hubs (and the local host page), on React 16 as azure-devops-ui needs; and
 * "widgets", the dashboard widgets and their configuration pages, which use no azure-devops-ui and run their React
 * code on preact/compat (a few KB instead of react-dom's 36 KB gzipped) to stay within a widget's budget. Each
 * build cleans only its own files.
 */
function webConfig(production) {
  const pages = PAGES.filter((page) => {
    const present = fs.existsSync(path.resolve(__dirname, page.entry));
    if (!present) console.warn(`webpack: page ${page.name} left out (${page.entry} does not exist yet)`);
    return present;
  });
  const widgetPages = pages.filter((page) => WIDGET_PAGE.test(page.name));
  const hubPages = pages.filter((page) => !WIDGET_PAGE.test(page.name));
  return [
    ...(hubPages.length > 0 ? [pagesConfig("web", hubPages, production)] : []),
    ...(widgetPages.length > 0 ? [pagesConfig("widgets", widgetPages, production)] : []),
  ];
}

function pagesConfig(name, pages, production) {
  const widgets = name === "widgets";
  const keep = widgets ? (file) => !WIDGET_FILE.test(file) : (file) => WIDGET_FILE.test(file);
  return {
    name,
    mode: production ? "production" : "development",
    target: "web",
    entry: Object.fromEntries(pages.map((page) => [page.name, path.resolve(__dirname, page.entry)])),
    output: { path: path.resolve(__dirname, "dist", "web"), filename: "[name].js", clean: { keep } },
    // No eval-based source maps: the pages' CSP forbids eval, in development too.
    devtool: production ? false : "cheap-module-source-map",
    resolve: {
      extensions: [".ts", ".tsx", ".js"],
      // Exactly one copy of the SDK: azure-devops-extension-api reaches it through both of its entries.
      // (The SDK's "exports" hide its package.json; its CommonJS entry sits at the package root.)
      alias: {
        ...(widgets
          ? {
              react$: "preact/compat",
              "react-dom$": "preact/compat",
              "react/jsx-runtime": "preact/jsx-runtime",
            }
          : {}),
        // azure-devops-extension-api imports a fetch polyfill for browsers without fetch; every browser Azure
        // DevOps supports has it, so the pages do not carry it.
        "whatwg-fetch": false,
        "azure-devops-extension-sdk$": path.resolve(
          path.dirname(require.resolve("azure-devops-extension-sdk")),
          "esm",
          "SDK.min.js",
        ),
      },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          loader: "ts-loader",
          exclude: /node_modules/,
          options: { transpileOnly: true, configFile: path.resolve(__dirname, "tsconfig.json") },
        },
        {
          test: /\.css$/,
          // The stylesheets travel inside the bundles as strings (style-loader): minified (cssnano) in production.
          use: [
            "style-loader",
            "css-loader",
            ...(production
              ? [
                  {
                    loader: "postcss-loader",
                    options: { postcssOptions: { plugins: [["cssnano", { preset: "default" }]] } },
                  },
                ]
              : []),
          ],
        },
        {
          // azure-devops-extension-api's modules only declare things (its one side effect, the fetch polyfill,
          // is aliased away above): so an index it is imported through brings only what is used, not every
          // client of the area (the widgets import Dashboard's WidgetStatusHelper, not its DashboardClient).
          test: /[\\/]node_modules[\\/]azure-devops-extension-api[\\/]esm[\\/]/,
          sideEffects: false,
        },
        {
          test: /\.(woff2?|ttf|eot|svg|png)$/,
          type: "asset/resource",
          generator: { filename: "assets/[name][ext]" },
        },
      ],
    },
    optimization: { minimize: production, ...(widgets ? { splitChunks: WIDGET_CHUNKS } : {}) },
    performance: { hints: false },
    stats: "errors-warnings",
    // webpack's stand-in for Node's `global` finds the global object with `new Function("return this")`, which
    // the pages' CSP forbids: every browser the extension runs in has `globalThis`.
    node: { global: false },
    plugins: [
      new PageHtml(pages),
      new webpack.DefinePlugin({ global: "globalThis" }),
      ...(production ? [new IconFontSubset()] : []),
    ],
  };
}

module.exports = (_env, argv) => {
  const production = argv.mode !== "development";
  return [...webConfig(production), ...taskConfigs(production)];
};

function taskConfigs(production) {
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
}
