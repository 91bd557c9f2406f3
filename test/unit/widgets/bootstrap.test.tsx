import { registrationIds, startPage } from "../../../src/widgets/shared/bootstrap";
import { sdkMock } from "../../support/sdk-mock";

describe("the ids a widget page registers under", () => {
  it.each([
    [
      "qt-assurance.qt-assurance.exit-readiness-widget",
      ["exit-readiness-widget", "qt-assurance.qt-assurance.exit-readiness-widget"],
    ],
    [
      "contoso.qt-assurance-dev.window-portfolio-config",
      ["window-portfolio-config", "contoso.qt-assurance-dev.window-portfolio-config"],
    ],
    ["exit-readiness-widget", ["exit-readiness-widget"]],
  ])("%s registers as %j", (full, ids) => {
    expect(registrationIds(full)).toEqual(ids);
  });

  it("registers the page's object under the manifest's short id and the full id, as the widget guide asks", async () => {
    sdkMock.reset();
    sdkMock.setContributionId("qt-assurance.qt-assurance.exit-readiness-widget");
    const instance = { load: jest.fn(), reload: jest.fn() };
    startPage(
      () => instance,
      () => undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(sdkMock.registered("exit-readiness-widget")).toBe(instance);
    expect(sdkMock.registered("qt-assurance.qt-assurance.exit-readiness-widget")).toBe(instance);
  });
});
