import Logging
import ServiceLifecycle

/// The alert log's writer thread as a service of the group: started with the
/// daemon, stopped after the poller (whose last polls it still writes).
struct DeliveryService: Service {
    let delivery: AlertDelivery
    let logger: Logger

    func run() async {
        let worker = DeliveryWorker(delivery: delivery, logger: logger)
        delivery.attach(worker)
        defer {
            delivery.attach(nil)
            // Writes what the last polls stored, then ends its thread.
            worker.stop()
        }
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
    }
}
