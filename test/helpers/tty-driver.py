# tty-driver.py: runs a command on a pseudo-terminal and answers its prompts, for tests of what
# keystorekit asks on a real terminal (no-echo secrets, keytool's yes/no questions).
# Usage: python3 tty-driver.py '{"argv": [...], "steps": [["prompt text", "answer"], ...]}'
# Prints everything the command wrote to the terminal, then exits with its exit status.
import json, os, pty, select, sys

spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(spec["argv"][0], spec["argv"])
output = b""
steps = list(spec["steps"])
while True:
    ready, _, _ = select.select([fd], [], [], 30)
    if not ready:
        break
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    output += chunk
    if steps and steps[0][0].encode() in output.split(b"\x00")[-1]:
        output += b"\x00"  # answered up to here
        os.write(fd, (steps.pop(0)[1] + "\r").encode())
_, status = os.waitpid(pid, 0)
sys.stdout.write(output.replace(b"\x00", b"").decode("utf8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
