#!/usr/bin/env node
/**
 * Writes the Marketplace listing's images: the extension's logo (128×128, static/images/logo.png, drawn in the
 * style of the widget icons) and five screenshots (static/marketplace/*.png) cropped from the ones the browser tests
 * save in test-results/screenshots/. The crop removes the local extension host's top bar (it is not part of the
 * extension) and keeps each image at most 1366 px wide. The PNGs are committed; run the browser tests named below,
 * then this again, after a visible change:  node scripts/marketplace-images.js
 * Chromium as scripts/chromium.js finds it: CHROMIUM_PATH, the machine's, or the one from npm ci.
 */
/* global document, Image -- referenced only inside page.evaluate callbacks, which run in Chromium */
const path = require("node:path");
const fs = require("node:fs");
const { launchChromium } = require("./chromium");

const ROOT = path.resolve(__dirname, "..");
const SHOTS = path.join(ROOT, "test-results", "screenshots");
const OUT = path.join(ROOT, "static", "marketplace");
const LOGO = path.join(ROOT, "static", "images", "logo.png");
const MAX_WIDTH = 1366;
/** The host bar's bottom border, rgb(208, 208, 208): everything down to it is the host's, not the extension's. */
const BAR_BORDER = [208, 208, 208];

const FONT = '"Segoe UI", "DejaVu Sans", Arial, sans-serif';
const RED = "rgb(205, 74, 69)";
const AMBER = "rgb(214, 160, 0)";
const GREEN = "rgb(16, 124, 16)";
const BLUE = "rgb(0, 120, 212)";

/**
 * The screenshots: the test's file, the test that writes it, the listing's name for it, and the columns kept
 * (x, width; the whole width when absent). All five come from the live sample programme (test/e2e/showcase.test.ts).
 */
const SCREENSHOTS = [
  {
    source: "showcase-portfolio-light.png",
    test: "test/e2e/showcase.test.ts",
    name: "portfolio.png",
    x: 16,
    width: 1408,
  },
  {
    source: "showcase-detail-criteria-light.png",
    test: "test/e2e/showcase.test.ts",
    name: "detail-criteria.png",
    x: 0,
    width: 1366,
  },
  {
    source: "showcase-report-light.png",
    test: "test/e2e/showcase.test.ts",
    name: "completion-report.png",
    x: 8,
    width: 1424,
  },
  {
    source: "showcase-settings-registry-light.png",
    test: "test/e2e/showcase.test.ts",
    name: "settings-registry.png",
  },
  {
    source: "showcase-dashboard-light.png",
    test: "test/e2e/showcase.test.ts",
    name: "dashboard-widgets.png",
    x: 10,
    width: 1360,
  },
];

const LOGO_HTML = `<!DOCTYPE html><html><head><style>html,body{margin:0;width:128px;height:128px;overflow:hidden;
  background:transparent;font-family:${FONT}}*{box-sizing:border-box}</style></head><body>
  <div style="margin:8px;width:112px;height:112px;border-radius:20px;background:${BLUE};padding:18px 16px;
    display:flex;flex-direction:column;justify-content:space-between">
  ${[
    [GREEN, "✓", 100],
    [GREEN, "✓", 80],
    [AMBER, "◔", 60],
    [RED, "✕", 90],
  ]
    .map(
      ([colour, glyph, bar]) => `<div style="display:flex;align-items:center;gap:8px;height:14px">
      <div style="width:14px;height:14px;border-radius:7px;background:${colour};border:1.5px solid #fff;color:#fff;
        font-size:9px;font-weight:700;text-align:center;line-height:11px">${glyph}</div>
      <div style="flex:1"><div style="width:${bar}%;height:6px;border-radius:3px;background:#fff"></div></div></div>`,
    )
    .join("")}</div></body></html>`;

function missing(shot) {
  return (
    `Missing ${path.relative(ROOT, path.join(SHOTS, shot.source))}: the browser test ${shot.test} writes it.\n` +
    `Run  npx jest ${shot.test}  (it needs the build: npm run build), then this script again.`
  );
}

/** In the page: finds the host bar's bottom border. */
async function measure(tab, dataUrl, border) {
  return tab.evaluate(
    async ({ dataUrl, border }) => {
      const img = new Image();
      img.src = dataUrl;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.width;
      canvas.height = img.height;
      const g = canvas.getContext("2d");
      g.drawImage(img, 0, 0);
      const { data } = g.getImageData(0, 0, img.width, Math.min(img.height, 160));
      const at = (x, y) => data.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 3);
      const isBorder = (x, y) => at(x, y).every((v, i) => v === border[i]);
      let barBottom = -1;
      for (let y = 16; y < Math.min(img.height, 160) && barBottom < 0; y++) {
        let all = true;
        for (let x = 0; x < Math.min(img.width, 600); x += 5) if (!isBorder(x, y)) all = false;
        if (all) barBottom = y;
      }
      return { width: img.width, height: img.height, barBottom };
    },
    { dataUrl, border },
  );
}

async function crop(tab, shot) {
  const file = path.join(SHOTS, shot.source);
  const dataUrl = `data:image/png;base64,${fs.readFileSync(file).toString("base64")}`;
  const m = await measure(tab, dataUrl, BAR_BORDER);
  if (m.barBottom < 0)
    throw new Error(`${shot.source}: the local host's top bar (a grey border line near the top) was not found.`);
  const x = shot.x ?? 0;
  const width = Math.min(shot.width ?? m.width, m.width - x);
  const top = m.barBottom + 2; // one row more: a scaled copy would blend the border in
  const height = m.height - top;
  const scale = Math.min(1, MAX_WIDTH / width);
  const outWidth = Math.round(width * scale);
  const outHeight = Math.round(height * scale);
  await tab.setViewportSize({ width: outWidth, height: outHeight });
  await tab.setContent(
    `<!DOCTYPE html><html><head><style>html,body{margin:0;overflow:hidden;background:#fff}</style></head><body>
      <div style="position:relative;width:${outWidth}px;height:${outHeight}px;overflow:hidden">
        <img src="${dataUrl}" style="position:absolute;left:${-x * scale}px;top:${-top * scale}px;
          width:${m.width * scale}px;height:${m.height * scale}px"></div></body></html>`,
  );
  await tab.evaluate(() => document.images[0].decode());
  const out = path.join(OUT, shot.name);
  await tab.screenshot({ path: out, clip: { x: 0, y: 0, width: outWidth, height: outHeight } });
  return { out, outWidth, outHeight };
}

async function main() {
  const absent = SCREENSHOTS.filter((shot) => !fs.existsSync(path.join(SHOTS, shot.source)));
  if (absent.length > 0) {
    console.error(absent.map(missing).join("\n"));
    process.exitCode = 1;
    return;
  }
  fs.mkdirSync(OUT, { recursive: true });
  fs.mkdirSync(path.dirname(LOGO), { recursive: true });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ deviceScaleFactor: 1 });
    const tab = await context.newPage();
    await tab.setViewportSize({ width: 128, height: 128 });
    await tab.setContent(LOGO_HTML);
    await tab.screenshot({ path: LOGO, omitBackground: true });
    console.log(`${path.relative(process.cwd(), LOGO)}: 128×128, ${fs.statSync(LOGO).size} bytes`);
    for (const shot of SCREENSHOTS) {
      const { out, outWidth, outHeight } = await crop(tab, shot);
      console.log(`${path.relative(process.cwd(), out)}: ${outWidth}×${outHeight}, ${fs.statSync(out).size} bytes`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
