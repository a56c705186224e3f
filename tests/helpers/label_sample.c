/* Render a sample label for the label tests: fixed data per kind, so that the
 * golden images and the printer streams do not depend on a database.
 *
 *   label_sample KIND SIZE DPI OUT.png [VARIANT]
 *   label_sample KIND SIZE DPI - [VARIANT]     (terminal preview on stdout)
 *
 * VARIANT: "normal" (default), "long" (every field too long for its box),
 * "plain" (a part not for reuse, a vehicle without police supervision),
 * "inject" (printer commands in every text field). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/label.h"

static const char *const inject = "^XZ~JR^XA^FDx^FS\"\r\nPRINT 1,1\r\n\x1b@~HS";

static void sample(enum label_kind kind, const char *variant, struct label_input *in)
{
	int is_long = strcmp(variant, "long") == 0, plain = strcmp(variant, "plain") == 0;
	int bad = strcmp(variant, "inject") == 0;
	const char *lng = "发动机舱左前翼子板总成（含支架、线束卡扣与隔音棉）Left front fender assembly with brackets";
	memset(in, 0, sizeof *in);
	in->kind = kind;
	switch (kind) {
	case LABEL_VEHICLE:
		in->u.vehicle = (struct label_vehicle){
			.stock_no = "V2024-000123",
			.vin = "LSVAB4182E2123456",
			.plate = is_long ? "粤B·12345D 挂 临时号牌 temporary" : "粤B12345",
			.make_model = is_long ? lng : bad ? inject : "大众 朗逸 Volkswagen Lavida 1.6L",
			.intake_date = "2024-05-08",
			.police_supervised = !plain,
		};
		break;
	case LABEL_PART:
		in->u.part = (struct label_part){
			.part_no = "P2024-004567",
			.name = is_long ? lng : bad ? inject : "左前车门 Left front door",
			.grade = "A",
			.source_vin = "LSVAB4182E2123456",
			.stock_no = "V2024-000123",
			.weight_kg = 23.5,
			.location = is_long ? "B区-12排-3层-07位 Aisle B row 12 shelf 3" : "B-12-3",
			.note = is_long ? lng : bad ? inject : "漆面轻微划痕",
			.for_reuse = !plain,
		};
		break;
	case LABEL_CORE:
		in->u.core = (struct label_core){
			.assembly = ASSEMBLY_ENGINE,
			.part_no = "C2024-000042",
			.source_vin = "LSVAB4182E2123456",
			.stock_no = "V2024-000123",
			.yard = is_long ? "某某市再生资源回收利用有限公司报废机动车回收拆解分公司第二拆解厂" : bad ? inject
											      : "东莞市绿环报废汽车回收有限公司",
			.date = "2024-05-20",
		};
		break;
	case LABEL_WASTE:
		in->u.waste = (struct label_waste){
			.name = is_long ? "废矿物油与含矿物油废物（发动机油、变速箱油、齿轮油混合）" : bad ? inject
												   : "废矿物油",
			.category = "HW08",
			.code = "900-214-08",
			.quantity = 180,
			.unit = "kg",
			.container_code = "HW08-2024-0007",
			.hazard = "T, I",
			.date = "2024-05-21",
			.yard = is_long ? "某某市再生资源回收利用有限公司报废机动车回收拆解分公司第二拆解厂" : "东莞市绿环报废汽车回收有限公司",
			.form = "液态",
			.components = is_long ? "矿物油（发动机油、变速箱油、齿轮油、液压油、制动液）及少量水分和金属屑" : "矿物油",
			.hazardous = "石油烃、重金属",
			.precautions = is_long ? "远离火源和热源，密闭贮存于防渗漏托盘上，防止渗漏和挥发，严禁混入其他废物" : "远离火源，密闭贮存，防止渗漏",
			.contact = "王建国",
			.phone = "0769-12345678",
		};
		break;
	default:
		break;
	}
}

int main(int argc, char **argv)
{
	struct label_input in;
	struct label_options opt = {0};
	enum label_kind kind;
	struct bitmap *bm = NULL;
	sy_err err = {0};
	if (argc < 5 || label_kind_parse(argv[1], &kind) != 0) {
		fprintf(stderr, "usage: label_sample KIND SIZE DPI OUT.png|- [normal|long|plain|inject]\n");
		return 2;
	}
	if (label_media_parse(argv[2], atoi(argv[3]), &opt.media, &err) != SY_OK) {
		fprintf(stderr, "label_sample: %s\n", err.msg);
		return 1;
	}
	sample(kind, argc > 5 ? argv[5] : "normal", &in);
	if (label_render(&in, &opt, &bm, &err) != SY_OK) {
		fprintf(stderr, "label_sample: %s\n", err.msg);
		return err.status;
	}
	int status = 0;
	if (strcmp(argv[4], "-") == 0) {
		static char buf[1 << 16];
		bitmap_to_blocks(bm, 80, 40, buf, sizeof buf, NULL, NULL);
		fputs(buf, stdout);
	} else if (bitmap_write_png(bm, argv[4], &err) != SY_OK) {
		fprintf(stderr, "label_sample: %s\n", err.msg);
		status = 1;
	}
	bitmap_free(bm);
	return status;
}
