#!/usr/bin/env node
/**
 * Draws the dashboard widgets' catalog icons (96×96) and preview images (330×160) into static/widgets/, with
 * Chromium (playwright-core) rendering small HTML drawings. The PNGs are committed; run this again after changing a
 * drawing:  node scripts/widget-images.js
 * Chromium as scripts/chromium.js finds it: CHROMIUM_PATH, the machine's, or the one from npm ci.
 */
const path = require("node:path");
const fs = require("node:fs");
const { launchChromium } = require("./chromium");

const OUT = path.resolve(__dirname, "..", "static", "widgets");
const FONT = '"Segoe UI", "DejaVu Sans", Arial, sans-serif';
const RED = "rgb(205, 74, 69)";
const AMBER = "rgb(214, 160, 0)";
const GREEN = "rgb(16, 124, 16)";
const GREY = "rgb(105, 105, 105)";
const BLUE = "rgb(0, 120, 212)";

const page = (body, width, height, background = "transparent") =>
  `<!DOCTYPE html><html><head><style>html,body{margin:0;width:${width}px;height:${height}px;overflow:hidden;` +
  `background:${background};font-family:${FONT}}*{box-sizing:border-box}</style></head><body>${body}</body></html>`;

const IMAGES = [
  {
    file: "exit-readiness-icon.png",
    width: 96,
    height: 96,
    html: `<div style="margin:6px;width:84px;height:84px;border-radius:14px;background:${BLUE};position:relative">
      <div style="position:absolute;left:14px;top:12px;width:56px;height:36px;border-radius:18px;background:${GREEN};
        color:#fff;font-size:28px;font-weight:700;text-align:center;line-height:36px">✓</div>
      <div style="position:absolute;left:14px;top:58px;width:56px;height:10px;border-radius:5px;background:rgba(255,255,255,.35)">
        <div style="width:70%;height:100%;border-radius:5px;background:#fff"></div></div></div>`,
  },
  {
    file: "window-portfolio-icon.png",
    width: 96,
    height: 96,
    html: `<div style="margin:6px;width:84px;height:84px;border-radius:14px;background:${BLUE};display:flex;
      align-items:flex-end;gap:7px;padding:14px 14px 16px">
      ${[
        [GREY, 22],
        [RED, 52],
        [AMBER, 36],
        [GREEN, 44],
      ]
        .map(
          ([c, h]) =>
            `<div style="flex:1;height:${h}px;background:${c};border:2px solid #fff;border-radius:3px"></div>`,
        )
        .join("")}</div>`,
  },
  {
    file: "exit-readiness-preview.png",
    width: 330,
    height: 160,
    background: "#fff",
    html: `<div style="padding:10px 14px;color:rgba(0,0,0,.9)">
      <div style="font-size:16px;font-weight:600">QT exit readiness</div>
      <div style="font-size:13px;margin-top:6px">ABCD-X · Alpha Energy</div>
      <div style="display:inline-block;margin-top:6px;padding:1px 9px;border-radius:12px;background:${RED};color:#fff;
        font-size:13px;font-weight:600">✕ Not ready</div>
      <div style="display:flex;align-items:center;gap:8px;margin-top:8px;font-size:12px">
        <div style="flex:1;height:6px;border-radius:3px;background:#dadada"><div style="width:75%;height:100%;background:${BLUE}"></div></div>
        45 / 60 · 75%</div>
      <div style="display:flex;gap:22px;margin-top:8px;white-space:nowrap">
        <div><div style="font-size:22px;font-weight:600;color:rgb(177,19,58)">1 / 2</div><div style="font-size:12px;color:rgba(0,0,0,.55)">Sev1 / Sev2</div></div>
        <div><div style="font-size:22px;font-weight:600">0</div><div style="font-size:12px;color:rgba(0,0,0,.55)">Sev3/4 open</div></div>
        <div><div style="font-size:22px;font-weight:600">12</div><div style="font-size:12px;color:rgba(0,0,0,.55)">days left</div></div>
      </div></div>`,
  },
  {
    file: "window-portfolio-preview.png",
    width: 330,
    height: 160,
    background: "#fff",
    html: `<div style="padding:10px 14px;color:rgba(0,0,0,.9)">
      <div style="font-size:16px;font-weight:600">QT window portfolio</div>
      <div style="font-size:12px;color:rgba(0,0,0,.55)">Tranche 1 · 24 participant-roles</div>
      <div style="display:grid;grid-template-columns:1fr 1.1fr;gap:12px 6px;margin-top:14px;font-size:12px">
      ${[
        [GREY, "?", 1, "Cannot assess"],
        [RED, "✕", 9, "Not ready"],
        [AMBER, "◔", 8, "Ready to submit", "#000"],
        [GREEN, "✓", 6, "Exit criteria met"],
      ]
        .map(
          ([c, g, n, t, fg]) =>
            `<div style="display:flex;align-items:center;gap:6px"><span style="width:18px;height:18px;border-radius:9px;
            background:${c};color:${fg || "#fff"};font-size:11px;font-weight:700;text-align:center;line-height:18px">${g}</span>
            <span style="font-size:18px;font-weight:600;min-width:1.1em">${n}</span><span style="color:rgba(0,0,0,.55);white-space:nowrap">${t}</span></div>`,
        )
        .join("")}
      </div></div>`,
  },
  {
    file: "burn-up-icon.png",
    width: 96,
    height: 96,
    html: `<div style="margin:6px;width:84px;height:84px;border-radius:14px;background:${BLUE}">
      <svg width="84" height="84" viewBox="0 0 84 84">
        <polyline points="12,30 72,26" fill="none" stroke="rgba(255,255,255,.6)" stroke-width="4" stroke-dasharray="6 4"/>
        <polyline points="12,68 28,60 42,50 56,40 72,32" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>
        <line x1="64" y1="14" x2="64" y2="72" stroke="${AMBER}" stroke-width="4"/>
      </svg></div>`,
  },
  {
    file: "burn-up-preview.png",
    width: 330,
    height: 160,
    background: "#fff",
    html: `<div style="padding:10px 14px;color:rgba(0,0,0,.9)">
      <div style="font-size:16px;font-weight:600">QT burn-up</div>
      <div style="font-size:12px;color:rgba(0,0,0,.55)">ABCD-X · Alpha Energy · <b style="color:rgb(140,78,0)">At risk</b></div>
      <svg width="300" height="100" viewBox="0 0 300 100" style="margin-top:6px">
        <line x1="20" y1="90" x2="300" y2="90" stroke="#c8c8c8"/>
        <rect x="232" y="8" width="50" height="82" fill="rgba(0,120,212,.12)"/>
        <line x1="250" y1="8" x2="250" y2="90" stroke="${RED}" stroke-width="2"/>
        <polyline points="20,20 120,18 200,16" fill="none" stroke="${GREY}" stroke-width="2" stroke-dasharray="6 3"/>
        <polyline points="20,88 60,80 100,66 140,52 170,44 200,38" fill="none" stroke="${BLUE}" stroke-width="2.5"/>
        <polyline points="20,89 60,84 100,74 140,62 170,56 200,50" fill="none" stroke="${GREEN}" stroke-width="2.5"/>
      </svg></div>`,
  },
];

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ deviceScaleFactor: 1 });
    const tab = await context.newPage();
    for (const image of IMAGES) {
      await tab.setViewportSize({ width: image.width, height: image.height });
      await tab.setContent(page(image.html, image.width, image.height, image.background));
      const file = path.join(OUT, image.file);
      await tab.screenshot({ path: file, omitBackground: !image.background });
      console.log(`${path.relative(process.cwd(), file)}: ${fs.statSync(file).size} bytes`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
