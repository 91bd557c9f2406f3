// Stylesheets are bundled by webpack (css-loader + style-loader) and stubbed in jest.
declare module "*.css";
