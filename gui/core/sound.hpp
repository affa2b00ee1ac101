// SPDX-License-Identifier: GPL-3.0-or-later
// The desk app's sounds: one cue per kind of verdict, so intake staff know the result without
// looking (a short rising chime for GENUINE, two flat beeps for SUSPECT / UNKNOWN / UNREADABLE,
// a low, long, harsh alarm for COUNTERFEIT), at the volume set in Settings.
//
// The cues are synthesized here (no sound files to install or lose) and played through ALSA's
// "default" device on a worker thread, so the UI never waits for a sound. On desktops "default"
// is PulseAudio or PipeWire; $DIMMGUARD_SOUND_DEVICE names another ALSA device, e.g.
// "plughw:1" for a USB speaker, or "file:FILE=/tmp/cue.raw,FORMAT=raw" (what the tests use to
// capture exactly what would reach the speaker). Built without ALSA, COUNTERFEIT falls back to
// the window system's beep and the others are silent.
#pragma once

#include <QObject>
#include <QString>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "verifier/findings.hpp"

namespace dimmguard::gui {

enum class SoundCue { genuine, attention, counterfeit };

/// The cue for a verdict: GENUINE -> genuine, COUNTERFEIT -> counterfeit, the rest -> attention.
[[nodiscard]] SoundCue cueForVerdict(verifier::Verdict verdict);
/// "genuine", "attention", "counterfeit".
[[nodiscard]] const char* cueName(SoundCue cue);

/// Sample rate of the synthesized cues (mono, signed 16-bit).
inline constexpr int soundSampleRate = 48000;

/// The samples of `cue` at `volumePercent` (0..100; clamped). 0 gives no samples. The amplitude
/// follows the square of the volume, as loudness is heard (50 % is about -12 dB of 100 %).
///   genuine:     880 Hz for 90 ms, then 1320 Hz for 150 ms; soft sine; about 0.3 s.
///   attention:   660 Hz for 170 ms, twice, 110 ms apart; sine; about 0.45 s.
///   counterfeit: 330 Hz and 247 Hz alternating, four 200 ms pulses 70 ms apart, with odd
///                harmonics (a buzz); the loudest cue; about 1.0 s.
[[nodiscard]] std::vector<std::int16_t> synthesizeCue(SoundCue cue, int volumePercent);

/// Plays cues without blocking the caller. A cue asked for while another plays replaces the
/// one waiting (never a queue of stale alarms).
class SoundPlayer : public QObject {
    Q_OBJECT
public:
    explicit SoundPlayer(QObject* parent = nullptr);
    ~SoundPlayer() override;
    SoundPlayer(const SoundPlayer&) = delete;
    SoundPlayer& operator=(const SoundPlayer&) = delete;

    /// Queue `cue` at `volumePercent`; 0 plays nothing.
    void play(SoundCue cue, int volumePercent);
    /// The ALSA device used: $DIMMGUARD_SOUND_DEVICE, else "default".
    [[nodiscard]] static QString deviceName();
    /// False when built without ALSA.
    [[nodiscard]] static bool available();

signals:
    /// `cue` was handed to the device in full (queued to this object's thread).
    void played(dimmguard::gui::SoundCue cue);
    /// The device could not play it: one line naming the device and the reason.
    void failed(const QString& message);

private:
    struct Request {
        SoundCue cue;
        int volume;
    };
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<Request> pending_;
    bool stop_ = false;
    std::thread worker_;
};

}  // namespace dimmguard::gui

Q_DECLARE_METATYPE(dimmguard::gui::SoundCue)
