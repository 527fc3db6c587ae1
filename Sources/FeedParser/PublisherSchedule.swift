import Foundation

/// How often the publisher says the feed may be polled: RSS <ttl> (minutes) and
/// the syndication module's sy:updatePeriod / sy:updateFrequency.
struct PublisherSchedule {
    var ttlMinutes: Int?
    var updatePeriod: String?
    var updateFrequency: Int?

    /// The longer of the two (times per period); nil when neither says anything usable.
    var minimumPollInterval: TimeInterval? {
        var best: TimeInterval?
        if let ttl = ttlMinutes, ttl > 0 { best = TimeInterval(ttl) * 60 }
        if let period = updatePeriod {
            let seconds: TimeInterval? = switch period {
            case "hourly": 3600
            case "daily": 86400
            case "weekly": 7 * 86400
            case "monthly": 30 * 86400
            case "yearly": 365 * 86400
            default: nil
            }
            if let seconds {
                let every = seconds / TimeInterval(max(1, updateFrequency ?? 1))
                best = max(best ?? 0, every)
            }
        }
        return best
    }
}
