// The status area: role="status" for information, role="alert" for errors (read at once).
const status = () => document.getElementById("status")!;
const alert = () => document.getElementById("alert")!;

export function notify(kind: "info" | "warning" | "error", message: string): void {
  if (kind === "error") {
    alert().textContent = message;
    return;
  }
  alert().textContent = "";
  status().textContent = message;
  status().classList.toggle("warning", kind === "warning");
}

/** A KeystoreError's message as it is (they are written for people); anything else as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
