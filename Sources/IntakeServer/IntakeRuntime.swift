import AsyncHTTPClient
import CADChannel
import Foundation
import Hummingbird
public import IntakeBus
public import IntakeChannel
public import IntakeCore
import IntakeEnrich
import IntakeLocate
import IntakeSpool
import IntakeStore
import IntakeTriage
import IntakeWriter
public import Logging
public import ServiceLifecycle

/// The stages one `intake` process can run.
public enum Stage: String, CaseIterable, Sendable {
    case adapters, enrich, writer
}

/// Builds a process's services and runs them as one `ServiceGroup`, ordered so that on SIGTERM
/// the HTTP intake stops first, then the adapters, then enrich, and the writer drains last.
public struct IntakeRuntime: Sendable {
    public let settings: IntakeSettings
    public let stages: Set<Stage>
    /// The channels this build has; `ChannelRegistry.factories` unless a test narrows them.
    public let channelFactories: [any ChannelFactory]
    let logger: Logger

    public init(settings: IntakeSettings, stages: Set<Stage>, channelFactories: [any ChannelFactory] = ChannelRegistry.factories,
                logger: Logger) {
        self.settings = settings
        self.stages = stages
        self.channelFactories = channelFactories
        self.logger = logger
    }

    /// Everything the process runs, in start order (shutdown goes in reverse).
    public func services() async throws -> [any Service] {
        _ = IntakeMetrics.registry
        // Before anything logs a fingerprint: they are keyed with the install's secret.
        try LogFingerprintKey.install(path: settings.logFingerprintKeyFile)
        var services: [any Service] = []
        var buses: [String: MQTTClient] = [:]
        var heartbeats = StatusHeartbeats(settings: settings, logger: logger)
        _ = PipelineMetrics.escalationsUnacknowledged()
        // Decided before anything connects, so that a channel named without its settings stops
        // the process at once with the setting's name.
        let selection = stages.contains(.adapters) ? try selectChannels() : nil

        let triage = stages.isDisjoint(with: [.writer, .enrich]) ? nil : try loadTriageRules()
        // One geocoder for enrich and the staff console's nearby cases (its gazetteer is large).
        let geocoder = stages.isDisjoint(with: [.writer, .enrich]) ? nil : try loadGeocoder()
        var departments: DepartmentAPI?
        var console: StaffConsole?
        var gate: DatabaseGate?
        var gatedBuses: Set<String> = []
        if stages.contains(.writer), let triage, let geocoder {
            // Nothing here waits for PostgreSQL: the connections open when it answers, and the
            // services that use them start behind the gate, after the migrations.
            let db = PostgresConnection.lazy(url: settings.databaseURL, applicationName: "intake-writer", logger: logger)
            let databaseGate = DatabaseGate(settings: settings, db: db, logger: logger)
            gate = databaseGate
            services.append(databaseGate)
            let bus = MQTTClient.stage(CaseWriter.component, settings: settings, logger: logger)
            buses[CaseWriter.component] = bus
            // Before the writer, so that on shutdown it stops after it, with the writer's last events.
            let relay = makeOutboxRelay()
            buses["outbox"] = relay.bus
            services.append(AfterDatabase(gate: databaseGate, service: relay))
            let store = CaseStore(db: db, caseReferencePrefix: settings.caseReferencePrefix, timeZone: settings.timeZone, triage: triage)
            let writer = CaseWriter(bus: bus, store: store, topics: settings.topics,
                                    configuration: .init(maxAttempts: settings.writerMaxAttempts), outbox: relay, logger: logger)
            services.append(AfterDatabase(gate: databaseGate, service: writer))
            heartbeats.add(CaseWriter.component, bus: bus) { elapsed in .init(contactsPerSecond: writer.throughput.perSecond(over: elapsed)) }
            departments = try await makeDepartmentAPI(triage: triage, relay: relay)
            gatedBuses = [CaseWriter.component, "outbox"]
            // After the writer, so that on shutdown staff intake stops first.
            let consoleIntake = try ConsoleIntake(settings: settings, logger: logger)
            buses["console"] = consoleIntake.bus
            services.append(consoleIntake)
            console = StaffConsole(settings: settings, intake: consoleIntake, triage: triage, geocoder: geocoder.local,
                                   remoteGeocoder: geocoder.remote, logger: logger)
            // The escalation desk writes as the writer's role, so it runs where the writer does.
            if let desk = try makeEscalationDesk() {
                buses[EscalationDesk.component] = desk.bus
                gatedBuses.insert(EscalationDesk.component)
                services.append(AfterDatabase(gate: databaseGate, service: desk))
                heartbeats.escalationBacklog = desk
            }
        }
        if stages.contains(.enrich), let triage, let geocoder {
            let bus = MQTTClient.stage(EnrichStage.component, settings: settings, logger: logger)
            buses[EnrichStage.component] = bus
            let enricher = try await makeEnricher(triage: triage, geocoder: geocoder)
            let enrich = EnrichStage(bus: bus, topics: settings.topics, enricher: enricher, logger: logger,
                                     advice: await loadEmergencyAdvice(), surges: try await makeSurgeMonitor(triage: triage))
            services.append(enrich)
            heartbeats.add(EnrichStage.component, bus: bus) { elapsed in .init(contactsPerSecond: enrich.throughput.perSecond(over: elapsed)) }
        }
        var adapters: [any ChannelAdapter] = []
        if let selection {
            if !selection.on.isEmpty {
                let bus = MQTTClient.stage("adapters", settings: settings, logger: logger)
                buses["adapters"] = bus
                adapters = try await makeAdapters(selection, bus: bus, triage: triage)
                services.append(try AdapterHost(adapters: adapters, bus: bus, topics: settings.topics, instance: settings.instance, logger: logger,
                                                sentReplies: SentReplies(directory: "\(settings.dataDirectory)/replies"),
                                                retry: ReplyRetry(settings: settings),
                                                replyLimits: ReplyThrottle.Limits(settings: settings)))
                // After the host, so that on shutdown they stop before it closes the bus.
                services += adapters.flatMap { $0.services() }
                let intakes = adapters.map(\.intake)
                heartbeats.add("adapters", bus: bus) { elapsed in
                    for i in intakes { i.updateGauges() }
                    return .init(contactsPerSecond: intakes.map { $0.throughput.perSecond(over: elapsed) }.reduce(0, +),
                                 spoolDepth: intakes.map(\.spool.pendingCount).reduce(0, +),
                                 receiptsOutstanding: intakes.map(\.receiptsOutstanding).reduce(0, +))
                }
            }
        }
        var waiting: (@Sendable () -> Set<String>)?
        if let openedGate = gate {
            let gated = gatedBuses
            waiting = { @Sendable () -> Set<String> in openedGate.isOpen ? Set<String>() : gated }
        }
        services.append(HTTPServer.application(settings: settings, adapters: adapters, buses: buses, departments: departments,
                                               console: console, waitingForDatabase: waiting, logger: logger))
        // Last, so that on shutdown they stop first: no "online" after a stage has said offline.
        services += heartbeats.services()
        return services
    }

    /// The relay of the outbox, on connections of its own: its database connection holds a
    /// transaction while a batch is on its way, and its bus connection outlives the writer's.
    private func makeOutboxRelay() -> OutboxRelay {
        let db = PostgresConnection.lazy(url: settings.databaseURL, applicationName: "intake-outbox", logger: logger)
        // No status topic of its own: the writer's stands for the process, and its role may write only that one.
        let bus = MQTTClient(configuration: .init(endpoint: settings.mqtt, clientID: "intake-outbox-\(settings.instance)"), logger: logger)
        return OutboxRelay(db: db, bus: bus, configuration: .init(pollInterval: settings.outboxPollInterval), logger: logger)
    }

    /// `PATCH /api/v1/cases/{ref}`, as the writer's role, on a connection of its own.
    private func makeDepartmentAPI(triage: TriageEngine, relay: OutboxRelay) async throws -> DepartmentAPI {
        // Lazy: until PostgreSQL answers, a department's change is refused with "try again".
        let db = PostgresConnection.lazy(url: settings.databaseURL, applicationName: "intake-departments", logger: logger)
        let notices = TemplateCaseNotices(templates: try await TemplateLibrary(directory: settings.templatesDirectory),
                                          factories: channelFactories, triage: triage)
        for problem in notices.missingTemplates() { logger.warning("residents' notices: \(problem)") }
        let store = CaseChangeStore(db: db, topics: settings.topics, notices: notices)
        return DepartmentAPI(store: store, tokensFile: settings.departmentTokensFile, allCases: settings.departmentsAllCases,
                             afterCommit: { relay.wake() }, logger: logger)
    }

    /// The desk that delivers escalations to the 911 centre, or nil when no sink is configured.
    private func makeEscalationDesk() throws -> EscalationDesk? {
        var reader = SettingsReader(settings.values)
        let desk = EscalationDeskSettings.read(&reader, settings: settings)
        try reader.finish()
        guard let desk else {
            logger.notice("escalation desk: off (no sink configured: set INTAKE_CAD_URL or INTAKE_DUTY_SUPERVISOR_SMS)")
            return nil
        }
        let db = PostgresConnection.lazy(url: settings.databaseURL, applicationName: "intake-escalation-desk", logger: logger)
        return EscalationDesk(bus: MQTTClient.stage(EscalationDesk.component, settings: settings, logger: logger),
                              store: EscalationStore(db: db), sinks: EscalationDesk.sinks(desk), topics: settings.topics,
                              realert: desk.realertInterval, logger: logger)
    }

    /// The "call 911 now" reply of every channel folder that has `emergency-advice` templates.
    private func loadEmergencyAdvice() async -> EmergencyAdvice? {
        let directory = settings.templatesDirectory
        guard let templates = try? await TemplateLibrary(directory: directory),
              let folders = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            logger.warning("no emergency advice for residents: templates directory \(directory) not readable")
            return nil
        }
        var texts: [String: [String: String]] = [:]
        for folder in folders.sorted() where FileManager.default.fileExists(atPath: "\(directory)/\(folder)/emergency-advice.en.mustache") {
            for language in ["en", "es"] {
                texts[folder, default: [:]][language] = try? templates.render(
                    channel: folder, name: "emergency-advice", language: language,
                    EmergencyReply.values(alerted: EmergencyReply.alerts911(settings), ref: nil))
            }
        }
        if texts.isEmpty { logger.warning("no emergency-advice templates in \(directory): residents get no immediate 911 advice") }
        return EmergencyAdvice(texts: texts)
    }

    /// The triage rules' emergency matcher for the channels; without a readable rules file the
    /// channels still run (the enrich stage, which needs the file, refuses to start without it).
    private func emergencyScreen() -> (any EmergencyScreen)? {
        do {
            return try loadTriageRules()
        } catch {
            logger.warning("channels answer without the emergency screen: \(error)")
            return nil
        }
    }

    private func loadTriageRules() throws -> TriageEngine {
        do {
            return try TriageEngine(path: settings.triageRules)
        } catch {
            throw SettingsError.invalid(key: "INTAKE_TRIAGE_RULES", value: settings.triageRules, expected: "a readable rules file (\(error))")
        }
    }

    private func loadTriageModel() throws -> TriageModel? {
        guard let path = settings.triageModel else { return nil }
        do {
            let model = try TriageModel(path: path)
            logger.info("enrich: triage model \(path) (\(model.categories.count) categories, \(model.vocabulary.count) features, threshold \(model.threshold))")
            return model
        } catch {
            throw SettingsError.invalid(key: "INTAKE_TRIAGE_MODEL", value: path, expected: "a model file from intake triage train (\(error))")
        }
    }

    /// The city's geocoder (`INTAKE_GAZETTEER`, `INTAKE_GEO_DIR`) and the remote one (`INTAKE_GEOCODER_URL`).
    private func loadGeocoder() throws -> (local: Geocoder, remote: RemoteGeocoder?) {
        let start = ContinuousClock.now
        let geocoder = try Geocoder.load(
            gazetteer: settings.gazetteer, geoDirectory: settings.geoDirectory,
            configuration: GeocoderConfiguration(houseNumberHyphen: settings.houseNumberHyphen))
        var remote: RemoteGeocoder?
        if let url = settings.remoteGeocoder, let plus = url.firstIndex(of: "+"),
           let backend = RemoteGeocoderConfiguration.Backend(rawValue: String(url[..<plus])) {
            remote = RemoteGeocoder(configuration: .init(backend: backend, baseURL: String(url[url.index(after: plus)...])))
        }
        logger.info("""
            geocoder ready in \(ContinuousClock.now - start) (gazetteer: \(settings.gazetteer ?? "none"), \
            boundaries: \(settings.geoDirectory ?? "none"), remote: \(settings.remoteGeocoder ?? "none"))
            """)
        return (geocoder, remote)
    }

    /// The geocoder and triage of the enrich stage, with the open cases the database holds now.
    private func makeEnricher(triage: TriageEngine, geocoder: (local: Geocoder, remote: RemoteGeocoder?)) async throws -> CityEnricher {
        let inquiries = try AnswersLoading.reader(settings)
        logger.info("enrich: \(inquiries.map { "\($0.book.entries.count) answers to questions" } ?? "no answers file: questions are taken as requests")")
        let enricher = CityEnricher(geocoder: geocoder.local, remote: geocoder.remote, triage: triage, model: try loadTriageModel(),
                                    inquiries: inquiries)
        do {
            let db = try await PostgresConnection.connect(url: settings.readerDatabaseURL, applicationName: "intake-enrich", logger: logger)
            try await OpenCaseLoader.load(into: enricher, from: db, logger: logger)
            await db.close()
        } catch {
            // The writer checks again under lock; enrich only misses early merges until events arrive.
            logger.warning("enrich: open cases not loaded (\(error)); duplicate matching starts from new cases only")
        }
        return enricher
    }

    /// The channels to run; each one that stays off says why, once.
    private func selectChannels() throws -> ChannelSelection {
        let selection = ChannelSelection(factories: channelFactories, settings: settings)
        guard selection.problems.isEmpty else { throw SettingsError.problems(selection.problems) }
        for (name, reason) in selection.off {
            logger.notice("channel \(name): off (\(reason))")
        }
        if selection.on.isEmpty {
            logger.notice("no channel is on: this process runs without adapters")
        }
        return selection
    }

    /// - Parameter triage: the rules enrich and the writer use, when they run here: the emergency
    ///   screen shares them (and what they have read) instead of loading its own.
    private func makeAdapters(_ selection: ChannelSelection, bus: MQTTClient, triage: TriageEngine?) async throws -> [any ChannelAdapter] {
        let context = ChannelContext(
            settings: settings, bus: bus, templates: try await TemplateLibrary(directory: settings.templatesDirectory),
            blobs: try BlobStore(directory: "\(settings.dataDirectory)/blobs"), logger: logger,
            emergencyScreen: triage.map { $0 as any EmergencyScreen } ?? emergencyScreen())
        var adapters: [any ChannelAdapter] = []
        for chosen in selection.on {
            adapters.append(try await ChannelSelection.make(chosen, context: context))
            logger.info("channel \(chosen.factory.name): on")
        }
        return adapters
    }

    /// Applies pending migrations through `db` (the writer's connection), as
    /// `INTAKE_MIGRATION_DATABASE_URL` when that is set apart.
    static func migrate(_ db: PostgresConnection, settings: IntakeSettings, logger: Logger) async throws {
        let runner = MigrationRunner(logger: logger)
        if settings.migrationDatabaseURL != settings.databaseURL, try await !runner.pending(db).isEmpty {
            let owner = try await PostgresConnection.connect(url: settings.migrationDatabaseURL, applicationName: "intake-migrate", logger: logger)
            try await runner.migrate(owner)
            await owner.close()
        } else {
            try await runner.migrate(db)
        }
    }

    /// Runs until SIGTERM or SIGINT.
    public func run() async throws {
        let group = ServiceGroup(configuration: .init(
            services: try await services().map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        logger.info("intake \(IntakeVersion.current) starting: \(stages.map(\.rawValue).sorted().joined(separator: ", ")) on http://\(settings.httpHost):\(settings.httpPort)")
        try await group.run()
    }
}
