// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build's own CommonJS helper, typed loosely
const { codepointsFromCss, iconNamesIn } = require("../../scripts/icon-font-subset") as {
  codepointsFromCss(css: string): Map<string, number>;
  iconNamesIn(js: string, known: Map<string, number>): Set<string>;
};

describe("finding the icons a bundle uses", () => {
  const css = `
    .fluent-icons-enabled .ms-Icon--Refresh:before { font-family: "FluentRegular"; content: "\\e0aa"; }
    .fluent-icons-enabled .ms-Icon--Add:before, .fluent-icons-enabled .ms-Icon--CalculatorAddition:before {
      content: "\\e109";
    }
    .fluent-icons-enabled .ms-Icon--Tag { transform: none; }`;

  it("reads each icon's code point from the stylesheet", () => {
    expect([...codepointsFromCss(css)]).toEqual([
      ["Refresh", 0xe0aa],
      ["Add", 0xe109],
      ["CalculatorAddition", 0xe109],
    ]);
  });

  it("counts names the code gives as strings, not names in a stylesheet carried as a string", () => {
    const known = codepointsFromCss(css);
    const js = `a.createElement(Icon,{iconName:"Refresh"});const s=".ms-Icon--Add:before{content:'\\\\e109'}";x="Info"`;
    expect([...iconNamesIn(js, known)]).toEqual(["Refresh"]);
  });
});
