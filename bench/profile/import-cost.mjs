const t0 = process.cpuUsage(); const w0 = performance.now();
await import(process.argv[2]);
const t = process.cpuUsage(t0);
console.log(((t.user + t.system) / 1000).toFixed(1), (performance.now() - w0).toFixed(1));
