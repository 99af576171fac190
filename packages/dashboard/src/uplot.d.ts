// uPlot ships its types as dist/uPlot.d.ts without naming them in package.json, where NodeNext
// resolution would find them; this names them for `import uPlot from "uplot"`.
declare module "uplot" {
  import uPlot from "uplot/dist/uPlot.js";
  export default uPlot;
}
