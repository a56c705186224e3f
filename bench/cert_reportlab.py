#!/usr/bin/python3
"""The peer of the certificate benchmark: python3-reportlab drawing the same
A4 recycling certificate (bilingual labels, Chinese in a built-in CID font,
a QR code), or with --pages N a ledger of N pages of table rows.
Usage: cert_reportlab.py OUT.pdf [--pages N]"""
import sys

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import qr
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
W, H = A4

FIELDS = [
    ("回收企业 Yard", "绿源报废汽车回收有限公司"), ("资质证书编号 Licence no.", "BJ-2026-001"),
    ("地址 Address", "北京市大兴区某某路1号"), ("电话 Phone", "010-12345678"),
    ("车主 Owner", "张三"), ("身份证号 ID no.", "11010519491231002X"),
    ("车主电话 Owner phone", "13800138000"), ("车主地址 Owner address", "北京市朝阳区"),
    ("交车日期 Hand-over date", "2026-11-27"), ("初次登记日期 First registration", "2012-05-06"),
    ("号牌号码 Plate", "京A12345"), ("车辆类型 Vehicle type", "小型载客汽车"),
    ("使用性质 Use nature", "非营运"), ("品牌型号 Brand and model", "大众 桑塔纳"),
    ("车辆识别代号 VIN", "1M8GDM9AXKP042788"), ("整备质量 Curb mass", "1130 kg"),
    ("燃料种类 Power type", "汽油 Petrol"), ("发动机号 Engine no.", "EA111 123456"),
    ("交回证件 Documents", "登记证书 是  行驶证 是  号牌 2"), ("经办人 Clerk", "李四"),
]


def certificate(c):
    c.setFont("STSong-Light", 18)
    c.drawCentredString(W / 2, H - 60, "报废机动车回收证明")
    c.setFont("Helvetica", 11)
    c.drawCentredString(W / 2, H - 78, "Scrap Motor Vehicle Recycling Certificate")
    c.drawString(W - 200, H - 100, "No. C2026-000001")
    y = H - 130
    for label, value in FIELDS:
        c.setFont("STSong-Light", 10)
        c.drawString(50, y, label)
        c.drawString(230, y, value)
        c.line(225, y - 3, W - 50, y - 3)
        y -= 24
    widget = qr.QrCodeWidget("SYC1|C2026-000001|1M8GDM9AXKP042788|2026-11-27|3F0A9C21")
    b = widget.getBounds()
    d = Drawing(90, 90, transform=[90 / (b[2] - b[0]), 0, 0, 90 / (b[3] - b[1]), 0, 0])
    d.add(widget)
    renderPDF.draw(d, c, W - 150, 60)
    c.rect(50, 60, 180, 80)
    c.setFont("STSong-Light", 10)
    c.drawString(55, 125, "回收企业盖章 Seal")
    c.showPage()


def ledger(c, pages):
    for page in range(pages):
        c.setFont("STSong-Light", 12)
        c.drawString(50, H - 50, "回用件销售台账 Parts ledger")
        y = H - 80
        c.setFont("Helvetica", 8)
        for row in range(30):
            n = page * 30 + row
            c.drawString(50, y, "P2026-%07d" % n)
            c.drawString(130, y, "1M8GDM9AXKP042788")
            c.setFont("STSong-Light", 8)
            c.drawString(230, y, "发动机 Engine")
            c.setFont("Helvetica", 8)
            c.drawString(330, y, "A   reuse   123.5 kg")
            c.line(50, y - 3, W - 50, y - 3)
            y -= 24
        c.drawString(W - 100, 30, "Page %d / %d" % (page + 1, pages))
        c.showPage()


def main():
    out = sys.argv[1]
    c = canvas.Canvas(out, pagesize=A4)
    if len(sys.argv) > 3 and sys.argv[2] == "--pages":
        ledger(c, int(sys.argv[3]))
    else:
        certificate(c)
    c.save()


if __name__ == "__main__":
    main()
