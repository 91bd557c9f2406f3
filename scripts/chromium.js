/** Headless Chromium for the image scripts: Debian's by default, CHROMIUM_PATH to use another. */
const { chromium } = require("playwright-core");

exports.launchChromium = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
  });
