// SPDX-License-Identifier: GPL-3.0-or-later
// Painting of the hex view: only the visible rows are drawn, so a 1 KiB image costs nothing.
#include "bench_analysis.hpp"   // first: see bench_page.hpp on Qt's `slots` macro
#include "hex_view.hpp"

#include <QEvent>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QStringList>
#include <QScrollBar>
#include <QToolTip>

namespace dimmguard::gui {

namespace {
constexpr int bytes_per_row = 16;
constexpr int margin_px = 6;
}  // namespace

HexView::HexView(QWidget* parent) : QAbstractScrollArea(parent) {
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
}

QColor HexView::identityColour() { return {0xcf, 0xe2, 0xff}; }
QColor HexView::serialColour() { return {0x8f, 0xbc, 0xff}; }
QColor HexView::partNumberColour() { return {0xc8, 0xf0, 0xd0}; }
QColor HexView::fingerprintColour() { return {0xf6, 0xf0, 0xd8}; }
QColor HexView::differsColour() { return {0xd0, 0x21, 0x21}; }

void HexView::setImage(std::vector<std::uint8_t> bytes, std::vector<std::uint8_t> marks) {
    bytes_ = std::move(bytes);
    marks_ = std::move(marks);
    updateScrollBar();
    viewport()->update();
}

void HexView::clear() { setImage({}, {}); }

std::uint8_t HexView::marksAt(int offset) const {
    if (offset < 0 || static_cast<std::size_t>(offset) >= marks_.size()) return mark_none;
    return marks_[static_cast<std::size_t>(offset)];
}

int HexView::rowHeight() const { return fontMetrics().height() + 2; }
int HexView::charWidth() const { return fontMetrics().horizontalAdvance(QLatin1Char('0')); }

QSize HexView::sizeHint() const {
    // "0x0000  " + 16 x "00 " + " " + 16 ASCII
    const int columns = 8 + bytes_per_row * 3 + 1 + bytes_per_row;
    return {columns * charWidth() + 2 * margin_px + verticalScrollBar()->sizeHint().width() + 4, 20 * rowHeight()};
}

void HexView::updateScrollBar() {
    const int rows = (static_cast<int>(bytes_.size()) + bytes_per_row - 1) / bytes_per_row;
    const int visible = std::max(1, viewport()->height() / rowHeight());
    verticalScrollBar()->setRange(0, std::max(0, rows - visible));
    verticalScrollBar()->setPageStep(visible);
    const int width = (8 + bytes_per_row * 3 + 1 + bytes_per_row) * charWidth() + 2 * margin_px;
    horizontalScrollBar()->setRange(0, std::max(0, width - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
}

void HexView::scrollToOffset(int offset) {
    const int row = offset / bytes_per_row;
    auto* bar = verticalScrollBar();
    if (row < bar->value() || row >= bar->value() + bar->pageStep()) bar->setValue(std::max(0, row - 2));
}

void HexView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
}

void HexView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) updateScrollBar();
    QAbstractScrollArea::changeEvent(event);
}

int HexView::offsetAt(QPoint position) const {
    const int cw = charWidth();
    const int x = position.x() + horizontalScrollBar()->value() - margin_px;
    const int row = verticalScrollBar()->value() + (position.y() - margin_px / 2) / rowHeight();
    int column = -1;
    const int hex_start = 8 * cw;
    const int ascii_start = (8 + bytes_per_row * 3 + 1) * cw;
    if (x >= hex_start && x < hex_start + bytes_per_row * 3 * cw) column = (x - hex_start) / (3 * cw);
    else if (x >= ascii_start && x < ascii_start + bytes_per_row * cw) column = (x - ascii_start) / cw;
    if (column < 0 || row < 0) return -1;
    const int offset = row * bytes_per_row + column;
    return offset < static_cast<int>(bytes_.size()) ? offset : -1;
}

bool HexView::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int offset = offsetAt(help->pos());
        if (offset < 0) {
            QToolTip::hideText();
            return true;
        }
        const std::uint8_t marks = marksAt(offset);
        QStringList what;
        if (marks & mark_serial) what << tr("serial number");
        if (marks & mark_part_number) what << tr("part number");
        if (marks & mark_identity) what << tr("identity field");
        if (marks & mark_fingerprint) what << tr("fingerprint-covered");
        if (marks & mark_differs) what << tr("differs from the reference");
        QString text = tr("byte 0x%1 = 0x%2")
                           .arg(offset, 4, 16, QLatin1Char('0'))
                           .arg(bytes_[static_cast<std::size_t>(offset)], 2, 16, QLatin1Char('0'));
        if (!what.isEmpty()) text += QStringLiteral("\n") + what.join(QStringLiteral(", "));
        QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void HexView::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().base());
    painter.setFont(font());
    const int cw = charWidth();
    const int rh = rowHeight();
    const int ascent = fontMetrics().ascent();
    const int x0 = margin_px - horizontalScrollBar()->value();
    const int first_row = verticalScrollBar()->value();
    const int rows = (static_cast<int>(bytes_.size()) + bytes_per_row - 1) / bytes_per_row;
    const QColor text = palette().text().color();
    const QColor dim = palette().placeholderText().color();
    for (int row = first_row, y = margin_px / 2; row < rows && y < viewport()->height(); ++row, y += rh) {
        painter.setPen(dim);
        painter.drawText(x0, y + ascent, QStringLiteral("0x%1").arg(row * bytes_per_row, 4, 16, QLatin1Char('0')));
        for (int column = 0; column < bytes_per_row; ++column) {
            const int offset = row * bytes_per_row + column;
            if (offset >= static_cast<int>(bytes_.size())) break;
            const std::uint8_t value = bytes_[static_cast<std::size_t>(offset)];
            const std::uint8_t marks = marksAt(offset);
            QColor background;
            if (marks & mark_serial) background = serialColour();
            else if (marks & mark_part_number) background = partNumberColour();
            else if (marks & mark_identity) background = identityColour();
            else if (marks & mark_fingerprint) background = fingerprintColour();
            const int hx = x0 + (8 + column * 3) * cw;
            const int ax = x0 + (8 + bytes_per_row * 3 + 1 + column) * cw;
            if (background.isValid()) {
                // Cells are 3 characters wide and touch, so a run of marked bytes reads as one field.
                painter.fillRect(QRect(hx - cw / 2, y, 3 * cw, rh), background);
                painter.fillRect(QRect(ax, y, cw, rh), background);
            }
            const bool differs = (marks & mark_differs) != 0;
            if (differs) {
                painter.setPen(QPen(differsColour(), 2));
                painter.drawRect(QRect(hx - cw / 2 + 1, y + 1, 3 * cw - 2, rh - 2));
            }
            QFont f = font();
            f.setBold(differs);
            painter.setFont(f);
            painter.setPen(differs ? differsColour() : text);
            painter.drawText(hx, y + ascent, QStringLiteral("%1").arg(value, 2, 16, QLatin1Char('0')));
            const QChar ch = (value >= 0x20 && value < 0x7f) ? QChar(value) : QChar(u'.');
            painter.drawText(ax, y + ascent, QString(ch));
            painter.setFont(font());
        }
    }
}

}  // namespace dimmguard::gui
