// SPDX-License-Identifier: GPL-3.0-or-later
// A read-only hex + ASCII view of an SPD image, 16 bytes a row, that colours bytes by their
// ByteMark (identity fields, serial, part number, fingerprint coverage, differing bytes).
#pragma once

#include <QAbstractScrollArea>
#include <QColor>

#include <cstdint>
#include <vector>

namespace dimmguard::gui {

class HexView : public QAbstractScrollArea {
    Q_OBJECT
public:
    explicit HexView(QWidget* parent = nullptr);

    /// Show `bytes` with one ByteMark set per byte (`marks` may be shorter: the rest is unmarked).
    void setImage(std::vector<std::uint8_t> bytes, std::vector<std::uint8_t> marks);
    void clear();
    [[nodiscard]] int byteCount() const { return static_cast<int>(bytes_.size()); }
    /// The marks of one byte (mark_none outside the image).
    [[nodiscard]] std::uint8_t marksAt(int offset) const;
    /// Scroll so that the row holding `offset` is visible.
    void scrollToOffset(int offset);

    /// Colours of the classes (the legend uses the same ones).
    [[nodiscard]] static QColor identityColour();
    [[nodiscard]] static QColor serialColour();
    [[nodiscard]] static QColor partNumberColour();
    [[nodiscard]] static QColor fingerprintColour();
    [[nodiscard]] static QColor differsColour();

    [[nodiscard]] QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    [[nodiscard]] int rowHeight() const;
    [[nodiscard]] int charWidth() const;
    [[nodiscard]] int offsetAt(QPoint position) const;
    void updateScrollBar();

    std::vector<std::uint8_t> bytes_;
    std::vector<std::uint8_t> marks_;
};

}  // namespace dimmguard::gui
