// webpack loader: turns task-lib's `require(resourceFile)` into a require made at run time, so the bundle reads
// the message catalogue shipped beside it instead of failing on a module webpack could not resolve.
module.exports = function runtimeRequire(source) {
  const rewritten = source.replace(/\brequire\(resourceFile\)/g, "__non_webpack_require__(resourceFile)");
  if (rewritten === source)
    this.emitWarning(new Error("task-lib no longer calls require(resourceFile): check the bundle"));
  return rewritten;
};
