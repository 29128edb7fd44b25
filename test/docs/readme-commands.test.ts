/**
 * The commands and links of README.md point at things that exist: every
 * `npm run` script, every `strata` command and option, every config file and
 * every relative link. (The TypeScript examples are checked by
 * readme-examples.test.ts; the sample's output by test/samples.)
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const REPO = join(__dirname, "..", "..");
const README = readFileSync(join(REPO, "README.md"), "utf8");
const SCRIPTS = Object.keys(JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).scripts as Record<string, string>);

/** The command lines of the ```sh blocks: comments cut, `a && b` split, leading VAR=value assignments dropped. */
function shellCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  return blocks
    .flatMap((block) => block.split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "")
    .flatMap((line) => line.split("&&").map((part) => part.trim()))
    .map((command) => command.replace(/^(\w+=\S+\s+)+/, ""));
}

function strataHelp(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(REPO, "lib", "cli", "strata.cjs"), ...args, "--help"], { cwd: REPO }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

const COMMANDS = shellCommands(README);
const STRATA = COMMANDS.filter((c) => c.startsWith("npx strata "));

describe("README.md commands", () => {
  it("are found, strata ones among them", () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(["npm install", "npm run sample", "npm test"]));
    expect(STRATA.length).toBeGreaterThanOrEqual(5);
  });

  it("name only npm scripts that package.json has", () => {
    const named = COMMANDS.flatMap((c) => [...c.matchAll(/\bnpm run (\S+)/g)].map((m) => m[1]));
    expect(named.filter((script) => !SCRIPTS.includes(script))).toEqual([]);
  });

  it.each(STRATA.map((c) => [c]))("%s: the command, its options and its config exist", async (command) => {
    const words = command.split(/\s+/).slice(2);
    const config = words.indexOf("--config");
    if (config >= 0) {
      expect(existsSync(join(REPO, words[config + 1]))).toBe(true);
      words.splice(config, 2);
    }
    const [name, ...rest] = words;
    const help = await strataHelp([name]);
    expect(help).toContain(`Usage: strata ${name}`);
    for (const option of rest.filter((w) => w.startsWith("--"))) expect(help).toContain(option);
  });

  it("name strata options, in prose too, that the commands take", async () => {
    // Options named in prose, such as `--allow-drop` and `--svg <file>`.
    expect(await strataHelp(["schema:sync"])).toContain("--allow-drop");
    expect(await strataHelp(["schema:diagram"])).toContain("--svg <file>");
  });

  it("links only to files and folders of the repository that exist", () => {
    const targets = [...README.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t));
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((t) => !existsSync(join(REPO, t)))).toEqual([]);
  });
});
