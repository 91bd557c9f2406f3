import { Command, CommanderError, Option } from "commander";
import { Approvals } from "../core/approvals";
import { Assessment } from "../core/assessment";
import { summarisePortfolio } from "../core/portfolio";
import { TrendOutcome, buildCompletionReport, renderCsv, renderHtml, renderJson, renderMarkdown } from "../core/report";
import { RegistryEntry, Settings, registryKey } from "../core/settings";
import { formatSettingsErrors, validateSettings } from "../core/validate-settings";
import { AdoRequestError } from "../ado/errors";
import { checkHealth } from "../ado/health";
import { MigrationPlan, applyMigration, planMigration } from "../ado/migrate-approvals";
import { discoverRegistry } from "../ado/registry-discovery";
import { runSetup, settingsForSetup, setupText } from "../ado/setup";
import { readAllPlans, readAreaTree } from "../ado/project-structure";
import {
  CannotAssessError,
  approvalStoreFor,
  assessRegistryEntries,
  loadApprovalsFor,
  loadRoleApprovals,
  readAndAssess,
  registryEntriesOf,
  registryEntryFor,
} from "../ado/assessment-run";
import { readReportTrend, readTrend, readWindowTrend } from "../ado/trend-reader";
import { trendJson, trendText } from "../core/trend-format";
import { GateOptions, decideGate, gateOptionsFrom } from "../core/gate";
import { Connection, ConnectionOptions, TOKEN_VARIABLE, connect, readSettingsFile } from "./connection";
import { doctorExit, doctorJson, doctorText } from "./doctor";
import { historyText, protectSettingsCommand } from "./settings-record";
import { ExportOptions, runExport } from "./export";
import { assessJsonDocument, assessmentText, portfolioJsonDocument, portfolioText } from "./format";
import { TRACE_FORMATS, TraceFormat, traceOutput } from "./trace";
import { TraceabilityResult, readTraceability } from "../ado/traceability-reader";
import { CliError, CliIo, EXIT } from "./io";

interface CommonOptions extends ConnectionOptions {
  format?: string;
  out?: string;
}

const REPORT_FORMATS = ["md", "html", "csv", "json"] as const;

/** Runs `qt-assure` with its arguments (without node and the script) and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...args], { from: "user" });
    return exitOf(program);
  } catch (error) {
    return reportError(error, io);
  }
}

// Commands set their exit code here rather than on the process, so runCli stays re-entrant in tests.
const exitCodes = new WeakMap<Command, number>();
const exitOf = (program: Command) => exitCodes.get(program) ?? EXIT.ok;

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // --help and --version end here too, successfully; commander has written their text already.
    return error.exitCode === 0 ? EXIT.ok : EXIT.cannotAssess;
  }
  if (error instanceof CliError) {
    io.stderr(`qt-assure: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof CannotAssessError) {
    io.stderr(`qt-assure: ${error.message}\n`);
    return EXIT.cannotAssess;
  }
  if (error instanceof AdoRequestError) {
    io.stderr(`qt-assure: cannot assess: ${error.message}\n`);
    return EXIT.cannotAssess;
  }
  io.stderr(`qt-assure: cannot assess: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.cannotAssess;
}

function buildProgram(io: CliIo): Command {
  const program = new Command("qt-assure")
    .description("QT exit assurance for MHHS participant-roles, read from Azure DevOps.")
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride()
    .showHelpAfterError()
    .addHelpText(
      "after",
      `\nThe token comes from ${TOKEN_VARIABLE} (never from the command line). Exit codes: 0 ok, 1 blocked or invalid, 2 cannot assess.`,
    );
  const setExit = (code: number) => exitCodes.set(program, code);

  const withConnection = (command: Command) =>
    command
      .option("--org-url <url>", "organisation URL, e.g. https://dev.azure.com/contoso")
      .option("--project <name>", "project holding the QT plans and defects")
      .option("--settings <file>", "settings JSON (default: the settings stored by the extension)")
      .option("--concurrency <n>", "requests in flight at most", (v) => Number(v), 8)
      .option("--extension <publisher.id>", "the installed extension whose data holds settings and approvals")
      .option("--sandbox", "run against an in-process sandbox with the sample programme");

  withConnection(
    program
      .command("assess")
      .description("assess one participant-role against the QT exit criteria")
      .requiredOption("--participant <ABCD-X>", "the participant-role")
      .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
      .option("--out <file>", "write to a file instead of stdout"),
  ).action(async (options: CommonOptions & { participant: string }) => {
    await withSession(options, io, async (connection, settings) => {
      const assessment = await assessParticipant(connection, settings, options.participant, io);
      const store = approvalStoreFor(connection, settings);
      const notCounted = [
        ...(store.notCounted ? await store.notCounted(assessment.participantRole) : []).map((p) => p.message),
        ...(await loadRoleApprovals(connection, settings, assessment.participantRole, store)).problems,
      ];
      await emit(
        io,
        options.out,
        options.format === "json" ? assessJsonDocument(assessment, notCounted) : assessmentText(assessment, notCounted),
      );
    });
  });

  withConnection(
    program
      .command("portfolio")
      .description("assess every participant-role of a window (or all of them)")
      .option("--window <id>", "only this window (e.g. tranche-1); SIT-route entries have the window 'sit'")
      .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
      .option("--out <file>", "write to a file instead of stdout"),
  ).action(async (options: CommonOptions & { window?: string }) => {
    await withSession(options, io, async (connection, settings) => {
      const entries = registryEntriesOf(settings, options.window);
      const assessments = await assessEntries(connection, settings, entries, io);
      const portfolio = summarisePortfolio(assessments, settings, io.now());
      await emit(
        io,
        options.out,
        options.format === "json" ? portfolioJsonDocument(portfolio) : portfolioText(portfolio),
      );
      if (assessments.some((a) => a.verdict === "cannot-assess")) setExit(EXIT.cannotAssess);
    });
  });

  withConnection(
    program
      .command("report")
      .description("write the QT Completion Report of a participant-role")
      .requiredOption("--participant <ABCD-X>", "the participant-role")
      .addOption(new Option("--format <format>", "report format").choices([...REPORT_FORMATS]).default("md"))
      .option("--traceability", "read the requirement traceability matrix too, for the report's RTTM section")
      .option("--trend", "read the burn-up, burn-down and forecast from Analytics too, for the report's trend section")
      .option("--out <file>", "write to a file instead of stdout"),
  ).action(async (options: CommonOptions & { participant: string; traceability?: boolean; trend?: boolean }) => {
    await withSession(options, io, async (connection, settings) => {
      let assessment: Assessment;
      let approvals: Approvals;
      let traceability: TraceabilityResult | undefined;
      let trend: TrendOutcome | undefined;
      if (options.traceability || options.trend) {
        // The matrix and the trend are read over the same facts the assessment was made from.
        const read = await readAndAssess(connection, settings, options.participant, () => io.now());
        ({ assessment, approvals } = read);
        [traceability, trend] = await Promise.all([
          options.traceability ? readTraceability(connection, settings, read) : undefined,
          options.trend ? readReportTrend(connection, settings, read, io.now()) : undefined,
        ]);
      } else {
        const entry = registryEntryFor(settings, options.participant);
        approvals = await loadApprovalsFor(connection, settings, [registryKey(entry)]);
        [assessment] = await assessEntries(connection, settings, [entry], io, approvals);
      }
      const report = buildCompletionReport(assessment, approvals, io.now(), {
        source: connection.port.orgUrl,
        traceability,
        trend,
      });
      const render = { md: renderMarkdown, html: renderHtml, csv: renderCsv, json: renderJson }[
        options.format as (typeof REPORT_FORMATS)[number]
      ];
      await emit(io, options.out, render(report));
      if (assessment.verdict === "cannot-assess") setExit(EXIT.cannotAssess);
    });
  });

  withConnection(
    program
      .command("trend")
      .description(
        "the execution burn-up, defect burn-down and forecast of a participant-role (or a window's burn-up), from Analytics",
      )
      .option("--participant <ABCD-X>", "the participant-role")
      .option("--window <id>", "instead: every participant-role of a window together (burn-up and forecast)")
      .option("--days <n>", "the longest range, in days", (v) => Number(v), 365)
      .option("--every-day", "one table row a day (default: one a week)")
      .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
      .option("--out <file>", "write to a file instead of stdout"),
  ).action(
    async (options: CommonOptions & { participant?: string; window?: string; days: number; everyDay?: boolean }) => {
      if (!Number.isInteger(options.days) || options.days < 14 || options.days > 3_650)
        throw new CliError("--days must be a whole number from 14 to 3650.", EXIT.cannotAssess);
      if (!options.participant === !options.window)
        throw new CliError("Give either --participant ABCD-X or --window ID, not both or neither.", EXIT.cannotAssess);
      await withSession(options, io, async (connection, settings) => {
        if (options.window) {
          const entries = registryEntriesOf(settings, options.window);
          const assessments = await assessEntries(connection, settings, entries, io);
          const { trend } = await readWindowTrend(connection, settings, assessments, options.window, io.now());
          await emit(
            io,
            options.out,
            options.format === "json" ? trendJson(trend) : trendText(trend, { everyDay: options.everyDay }),
          );
          if (!trend.burnUp.ok) setExit(EXIT.cannotAssess);
          return;
        }
        const read = await readAndAssess(connection, settings, options.participant ?? "", () => io.now());
        const { trend } = await readTrend(
          { port: connection.port, project: connection.project, call: connection.caller.call.bind(connection.caller) },
          settings,
          read,
          { now: io.now(), maxDays: options.days },
        );
        await emit(
          io,
          options.out,
          options.format === "json" ? trendJson(trend) : trendText(trend, { everyDay: options.everyDay }),
        );
        if (!trend.burnUp.ok || !trend.burnDown.ok) setExit(EXIT.cannotAssess);
      });
    },
  );

  withConnection(
    program
      .command("trace")
      .description(
        "the requirement traceability matrix (RTTM) of a participant-role: requirements → test cases → results → open defects",
      )
      .requiredOption("--participant <ABCD-X>", "the participant-role")
      .addOption(new Option("--format <format>", "output format").choices([...TRACE_FORMATS]).default("text"))
      .option("--out <file>", "write to a file instead of stdout"),
  ).action(async (options: CommonOptions & { participant: string }) => {
    await withSession(options, io, async (connection, settings) => {
      const read = await readAndAssess(connection, settings, options.participant, () => io.now());
      const outcome = await readTraceability(connection, settings, read);
      const text = traceOutput(read.assessment, outcome, options.format as TraceFormat);
      if (text !== undefined) await emit(io, options.out, text);
      if (outcome.kind === "cannot-assess") {
        if (text === undefined) io.stderr(`qt-assure: cannot assess: ${outcome.reason}\n`);
        setExit(EXIT.cannotAssess);
      }
    });
  });

  withConnection(
    program
      .command("gate")
      .description(
        "the QT exit gate: pass (0) unless Sev1, Sev2 or unclassified defects are outstanding (1); cannot assess (2)",
      )
      .requiredOption("--participant <ABCD-X>", "the participant-role")
      .option(
        "--block-on <levels>",
        "also block on these, e.g. Sev3,Sev4 (Sev1, Sev2 and unclassified always block; this cannot remove them)",
      )
      .option(
        "--require-full-execution",
        "also block until E4 (100% execution with approvals) is met; on the SIT route, S1 and S2",
      )
      .option(
        "--mode <mode>",
        "qt-exit (default), or sev1-only: a lighter check that is NOT the QT exit gate (Sev1 and unclassified block, an outstanding Sev2 passes with issues)",
      ),
  ).action(
    async (
      options: CommonOptions & { participant: string; requireFullExecution?: boolean; blockOn?: string; mode?: string },
    ) => {
      const gateOptions = gateOptionsFrom({
        mode: options.mode,
        blockOn: options.blockOn,
        requireFullExecution: !!options.requireFullExecution,
      });
      if (!gateOptions.ok) throw new CliError(gateOptions.errors.join(" "), EXIT.cannotAssess);
      await withSession(options, io, async (connection, settings) => {
        const assessment = await assessParticipant(connection, settings, options.participant, io);
        setExit(gateOutcome(assessment, gateOptions.value, io));
      });
    },
  );

  const settingsCommand = program.command("settings").description("work with settings");
  settingsCommand
    .command("validate")
    .description("validate a settings file (or the stored settings)")
    .argument("[file]", "settings JSON; without it, the settings stored by the extension are checked")
    .option("--org-url <url>", "organisation URL (for the stored settings)")
    .option("--project <name>", "project (for the stored settings)")
    .option("--extension <publisher.id>", "the installed extension whose data holds the settings")
    .action(async (file: string | undefined, options: ConnectionOptions) => {
      if (file) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(await io.readFile(file));
        } catch (error) {
          throw new CliError(
            `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
            EXIT.cannotAssess,
          );
        }
        const result = validateSettings(parsed);
        if (result.valid)
          io.stdout(
            `${file}: valid (${result.settings.registry.length} participant-roles, ${result.settings.windows.length} windows).\n`,
          );
        else {
          io.stdout(
            `${file}: invalid\n${formatSettingsErrors(result.errors)
              .map((e) => `  ${e}`)
              .join("\n")}\n`,
          );
          setExit(EXIT.blocked);
        }
        return;
      }
      await withSession({ ...options, concurrency: 1 }, io, async (connection) => {
        await connection.settings();
        io.stdout("The stored settings are valid.\n");
      });
    });

  settingsCommand
    .command("protect")
    .description(
      "keep the settings in a settings record, so only the QT Administrators team's saves count (from a file, or the stored settings)",
    )
    .argument("[file]", "settings JSON; without it, the settings stored in the extension's data")
    .option("--org-url <url>", "organisation URL")
    .option("--project <name>", "the project whose settings record keeps them")
    .option("--extension <publisher.id>", "the installed extension whose data holds the settings")
    .action(async (file: string | undefined, options: ConnectionOptions) => {
      await withSession({ ...options, settings: file, concurrency: 2 }, io, async (connection, settings) => {
        io.stdout(await protectSettingsCommand(connection.store, settings));
      });
    });

  settingsCommand
    .command("history")
    .description("every version of the settings record: who saved it, when, and what changed")
    .option("--org-url <url>", "organisation URL")
    .option("--project <name>", "the project whose settings record keeps them")
    .option("--extension <publisher.id>", "the installed extension whose data holds the settings")
    .action(async (options: ConnectionOptions) => {
      const connection = await connect({ ...options, concurrency: 2 }, io);
      try {
        io.stdout(historyText((await connection.store.settingsHistory?.()) ?? []));
      } finally {
        await connection.close();
      }
    });

  withConnection(
    program
      .command("setup")
      .description(
        "check (and, with --apply, create as an administrator) what the protected set-up needs: the record type, its fields and states, the teams",
      )
      .option("--apply", "create what is missing (without it, only list it)"),
  ).action(async (options: CommonOptions & { apply?: boolean }) => {
    const connection = await connect(options, io);
    try {
      // Setup comes before the settings can be used (their teams may be what it creates): it reads them as they are.
      const settings = options.settings ? await connection.settings() : await settingsForSetup(connection);
      const steps = await runSetup(connection.admin(), connection, settings, options.apply === true);
      io.stdout(setupText(steps, options.apply === true));
      if (steps.some((s) => s.status === "missing")) setExit(EXIT.blocked);
    } finally {
      await connection.close();
    }
  });

  withConnection(
    program
      .command("doctor")
      .description("report what in this set-up would let the assessed party improve its own verdict")
      .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text")),
  ).action(async (options: CommonOptions) => {
    await withSession(options, io, async (connection, settings) => {
      const findings = await checkHealth(connection, settings, options.settings ? "file" : "stored");
      io.stdout(options.format === "json" ? doctorJson(findings) : doctorText(findings));
      setExit(doctorExit(findings));
    });
  });

  withConnection(
    program
      .command("migrate")
      .description(
        "re-record, as yourself, the current approvals your bodies hold in the extension's data as work item records",
      )
      .option("--participant <ABCD-X>", "only this participant-role")
      .option("--apply", "record them (without it, only list what would be recorded)"),
  ).action(async (options: CommonOptions & { participant?: string; apply?: boolean }) => {
    await withSession(options, io, async (connection, settings) => {
      let plan: MigrationPlan;
      try {
        plan = await planMigration(connection, settings, options.participant ? [options.participant] : undefined);
      } catch (error) {
        if (error instanceof AdoRequestError) throw error;
        throw new CliError(error instanceof Error ? error.message : String(error), EXIT.blocked);
      }
      const lines = [
        `You are ${plan.me.displayName}, an assurer of ${plan.bodies.length > 0 ? plan.bodies.join(" and ") : "no body"} in these settings.`,
      ];
      for (const item of plan.items) lines.push(`  ${options.apply ? "record" : "would record"}: ${item.what}`);
      for (const skipped of plan.skipped) lines.push(`  left: ${skipped}`);
      if (options.apply) {
        const recorded = await applyMigration(connection, settings, plan);
        lines.push(`Recorded ${recorded} approval${recorded === 1 ? "" : "s"} as work items under your identity.`);
      } else
        lines.push(
          `${plan.items.length} approval${plan.items.length === 1 ? "" : "s"} would be recorded under your identity: review them, then run again with --apply.`,
        );
      io.stdout(`${lines.join("\n")}\n`);
    });
  });

  withConnection(
    program
      .command("discover")
      .description("propose registry entries from area paths and plan names that follow the naming convention")
      .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text")),
  ).action(async (options: CommonOptions) => {
    await withSession(options, io, async (connection, settings) => {
      const { api, project } = connection;
      const [areaTree, plans] = await Promise.all([readAreaTree(api, project), readAllPlans(api, project)]);
      const discovery = discoverRegistry({ areaTree, plans }, settings);
      if (!discovery.ok) throw new CliError(discovery.errors.join("\n"), EXIT.cannotAssess);
      const d = discovery.value;
      if (options.format === "json") {
        io.stdout(`${JSON.stringify({ format: "qt-assurance.cli.discover", formatVersion: 1, ...d }, null, 2)}\n`);
        return;
      }
      for (const c of d.candidates) {
        io.stdout(
          `${c.status.padEnd(9)} ${c.key.padEnd(8)} window ${c.entry.window ?? "-"}  plans ${c.plans.map((p) => p.id).join(",") || "-"}  areas ${c.areaPaths.join("; ") || "-"}\n`,
        );
        for (const line of [...c.differences, ...c.notes]) io.stdout(`          ${line}\n`);
      }
      for (const m of d.nearMisses) io.stdout(`near miss ${m.source} "${m.name}": ${m.reasons.join("; ")}\n`);
      for (const key of d.notFound) io.stdout(`not found ${key}: no area or plan matched it\n`);
    });
  });

  program
    .command("export")
    .description("back up everything the extension stores in the organisation's extension data to a folder")
    .requiredOption("--out <dir>", "the folder to create (it must be new or empty)")
    .option("--force", "replace a previous export in --out")
    .option("--strict", "exit 1 when a stored document fails its check (the export is still written)")
    .addOption(
      new Option("--format <format>", "stdout: a summary line, or the manifest")
        .choices(["text", "json"])
        .default("text"),
    )
    .option("--org-url <url>", "organisation URL, e.g. https://dev.azure.com/contoso")
    .option("--extension <publisher.id>", "the installed extension whose data is exported")
    .option("--concurrency <n>", "requests in flight at most", (v) => Number(v), 8)
    .option("--sandbox", "run against an in-process sandbox with the sample programme")
    .action(async (options: ExportOptions) => {
      setExit(await runExport(options, io));
    });

  return program;
}

async function withSession(
  options: ConnectionOptions,
  io: CliIo,
  work: (connection: Connection, settings: Settings) => Promise<void>,
): Promise<void> {
  const connection = await connect(options, io);
  try {
    await work(connection, await connection.settings());
  } finally {
    await connection.close();
  }
}

/** One participant-role, named as the user typed it (`holl-x` too): its registry entry, read and assessed. */
async function assessParticipant(
  connection: Connection,
  settings: Settings,
  participant: string,
  io: CliIo,
): Promise<Assessment> {
  const [assessment] = await assessEntries(connection, settings, [registryEntryFor(settings, participant)], io);
  return assessment;
}

async function assessEntries(
  connection: Connection,
  settings: Settings,
  entries: RegistryEntry[],
  io: CliIo,
  approvals?: Approvals,
): Promise<Assessment[]> {
  const progress = io.stderrIsTTY && entries.length > 1;
  const assessments = await assessRegistryEntries(connection, settings, entries, {
    now: io.now(),
    approvals,
    onProgress: (done, total, key) => {
      if (progress) io.stderr(`\rread ${done}/${total} participant-roles (${key})   `);
    },
  });
  if (progress) io.stderr("\n");
  return assessments;
}

const GATE_LINES = {
  passed: "PASSED",
  "passed-with-issues": "PASSED WITH ISSUES",
  blocked: "BLOCKED",
  "cannot-assess": "CANNOT ASSESS",
} as const;

function gateOutcome(a: Assessment, options: GateOptions, io: CliIo): number {
  io.stdout(assessmentText(a));
  const gate = decideGate(a, options);
  const what = gate.mode === "sev1-only" ? "SEV1-ONLY CHECK (not the QT exit gate)" : "GATE";
  io.stdout(`${what}: ${GATE_LINES[gate.outcome]} — ${gate.reason}\n`);
  if (gate.outcome === "cannot-assess") return EXIT.cannotAssess;
  if (gate.outcome === "blocked") return EXIT.blocked;
  return EXIT.ok;
}

async function emit(io: CliIo, out: string | undefined, text: string): Promise<void> {
  if (out) {
    await io.writeFile(out, text);
    io.stderr(`wrote ${out}\n`);
  } else io.stdout(text);
}

export { readSettingsFile };
