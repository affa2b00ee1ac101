// SPDX-License-Identifier: GPL-3.0-or-later
// Verdict sounds: synthesized cues played through ALSA on a worker thread (see sound.hpp).
#include "sound.hpp"

#include <QApplication>
#include <QByteArray>
#include <QMetaObject>

#include <algorithm>
#include <cmath>
#include <numbers>

#if DIMMGUARD_HAVE_ALSA
#include <alsa/asoundlib.h>
#endif

namespace dimmguard::gui {
namespace {

struct Note {
    double hz;        ///< 0 = silence
    int ms;
    bool buzz;        ///< odd harmonics (a band-limited square wave) instead of a sine
    bool decay;       ///< fades like a struck bell instead of holding its level
};

struct CueShape {
    double level;     ///< peak at 100 %, as a fraction of full scale
    std::vector<Note> notes;
};

CueShape shapeOf(SoundCue cue) {
    switch (cue) {
    case SoundCue::genuine:
        return {0.45, {{880.0, 90, false, true}, {0.0, 20, false, false}, {1320.0, 150, false, true}}};
    case SoundCue::attention:
        return {0.6, {{660.0, 170, false, false}, {0.0, 110, false, false}, {660.0, 170, false, false}}};
    case SoundCue::counterfeit:
        break;
    }
    return {0.9,
            {{330.0, 200, true, false}, {0.0, 70, false, false}, {247.0, 200, true, false}, {0.0, 70, false, false},
             {330.0, 200, true, false}, {0.0, 70, false, false}, {247.0, 200, true, false}}};
}

// Odd harmonics 1, 3, 5, 7 at 1/n: a square wave without the aliasing of a real one. Its peak
// is below 1 (about 0.92 of the sum's bound), so it is scaled to reach 1.
double buzz(double phase) {
    return (std::sin(phase) + std::sin(3 * phase) / 3 + std::sin(5 * phase) / 5 + std::sin(7 * phase) / 7) / 0.9;
}

}  // namespace

SoundCue cueForVerdict(verifier::Verdict verdict) {
    switch (verdict) {
    case verifier::Verdict::genuine: return SoundCue::genuine;
    case verifier::Verdict::counterfeit: return SoundCue::counterfeit;
    case verifier::Verdict::suspect:
    case verifier::Verdict::unknown:
    case verifier::Verdict::unreadable: break;
    }
    return SoundCue::attention;
}

const char* cueName(SoundCue cue) {
    switch (cue) {
    case SoundCue::genuine: return "genuine";
    case SoundCue::attention: return "attention";
    case SoundCue::counterfeit: break;
    }
    return "counterfeit";
}

std::vector<std::int16_t> synthesizeCue(SoundCue cue, int volumePercent) {
    const int volume = std::clamp(volumePercent, 0, 100);
    std::vector<std::int16_t> out;
    if (volume == 0) return out;
    const CueShape shape = shapeOf(cue);
    const double gain = shape.level * (volume / 100.0) * (volume / 100.0) * 32767.0;
    constexpr double rate = soundSampleRate;
    constexpr int edge = soundSampleRate / 200;   // 5 ms attack and release: no clicks
    for (const Note& note : shape.notes) {
        const int n = note.ms * soundSampleRate / 1000;
        for (int i = 0; i < n; ++i) {
            if (note.hz == 0.0) {
                out.push_back(0);
                continue;
            }
            const double phase = 2 * std::numbers::pi * note.hz * i / rate;
            double envelope = 1.0;
            if (i < edge) envelope = static_cast<double>(i) / edge;
            if (n - 1 - i < edge) envelope = std::min(envelope, static_cast<double>(n - 1 - i) / edge);
            if (note.decay) envelope *= std::exp(-2.5 * i / static_cast<double>(n));
            const double wave = note.buzz ? buzz(phase) : std::sin(phase);
            const double v = std::clamp(gain * envelope * wave, -32767.0, 32767.0);
            out.push_back(static_cast<std::int16_t>(std::lround(v)));
        }
    }
    return out;
}

SoundPlayer::SoundPlayer(QObject* parent) : QObject(parent) {}

SoundPlayer::~SoundPlayer() {
    {
        const std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

QString SoundPlayer::deviceName() {
    const QString device = qEnvironmentVariable("DIMMGUARD_SOUND_DEVICE").trimmed();
    return device.isEmpty() ? QStringLiteral("default") : device;
}

bool SoundPlayer::available() { return DIMMGUARD_HAVE_ALSA != 0; }

void SoundPlayer::play(SoundCue cue, int volumePercent) {
    if (volumePercent <= 0) return;
    if (!available()) {
        if (cue == SoundCue::counterfeit) QApplication::beep();
        return;
    }
    {
        const std::lock_guard lock(mutex_);
        pending_ = Request{cue, std::min(volumePercent, 100)};
        // Started on the first sound: a window that never plays one never has the thread.
        if (!worker_.joinable()) worker_ = std::thread([this] { run(); });
    }
    wake_.notify_all();
}

#if DIMMGUARD_HAVE_ALSA
namespace {

// ALSA prints its own complaints on stderr ("cannot find card '0'"); the player reports the
// failure once, in one line, through failed().
void quietAlsa(const char*, int, const char*, int, const char*, ...) {}

QString playSamples(const QString& device, const std::vector<std::int16_t>& samples) {
    const QByteArray name = device.toLocal8Bit();
    snd_pcm_t* pcm = nullptr;
    int rc = snd_pcm_open(&pcm, name.constData(), SND_PCM_STREAM_PLAYBACK, 0);
    if (rc < 0) return QStringLiteral("sound device \"%1\": %2").arg(device, QString::fromLocal8Bit(snd_strerror(rc)));
    rc = snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1, soundSampleRate, 1, 200000);
    QString error;
    if (rc < 0) error = QStringLiteral("sound device \"%1\": %2").arg(device, QString::fromLocal8Bit(snd_strerror(rc)));
    std::size_t done = 0;
    while (error.isEmpty() && done < samples.size()) {
        snd_pcm_sframes_t n = snd_pcm_writei(pcm, samples.data() + done, samples.size() - done);
        if (n < 0) n = snd_pcm_recover(pcm, static_cast<int>(n), 1);
        if (n < 0) {
            error = QStringLiteral("sound device \"%1\": %2").arg(device, QString::fromLocal8Bit(snd_strerror(static_cast<int>(n))));
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    if (error.isEmpty()) snd_pcm_drain(pcm);
    snd_pcm_close(pcm);
    return error;
}

}  // namespace

void SoundPlayer::run() {
    snd_lib_error_set_handler(&quietAlsa);
    for (;;) {
        Request request{};
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stop_ || pending_.has_value(); });
            if (stop_) break;
            request = *pending_;
            pending_.reset();
        }
        const QString error = playSamples(deviceName(), synthesizeCue(request.cue, request.volume));
        // Queued to this object's thread; a player destroyed meanwhile drops them with itself.
        if (error.isEmpty()) {
            QMetaObject::invokeMethod(this, [this, cue = request.cue] { emit played(cue); }, Qt::QueuedConnection);
        } else {
            QMetaObject::invokeMethod(this, [this, error] { emit failed(error); }, Qt::QueuedConnection);
        }
    }
    // ALSA keeps its parsed configuration for the process; give it back (leak checkers).
    snd_config_update_free_global();
}
#else
void SoundPlayer::run() {}
#endif

}  // namespace dimmguard::gui
