/*
 * Arm PrimeCell UART (PL011), as the Arm TRM DDI 0183 describes it, for what
 * Linux's amba-pl011 driver and early console use: data, flags, line and
 * control registers, the receive FIFO with its trigger level, interrupts,
 * and the PrimeCell identification registers.  Baud rate registers are
 * kept but have no effect: characters move at chardev speed.
 */
#include "qemu/osdep.h"
#include "hw/char/pl011.h"
#include "hw/qdev-properties.h"
#include "qemu/log.h"
#include "migration/vmstate.h"

enum {
    PL011_DR = 0x000,
    PL011_RSR = 0x004,
    PL011_FR = 0x018,
    PL011_ILPR = 0x020,
    PL011_IBRD = 0x024,
    PL011_FBRD = 0x028,
    PL011_LCR_H = 0x02c,
    PL011_CR = 0x030,
    PL011_IFLS = 0x034,
    PL011_IMSC = 0x038,
    PL011_RIS = 0x03c,
    PL011_MIS = 0x040,
    PL011_ICR = 0x044,
    PL011_DMACR = 0x048,
    PL011_ID_BASE = 0xfe0,
};

/* Flag register bits */
#define FR_RXFE (1 << 4)
#define FR_TXFF (1 << 5)
#define FR_RXFF (1 << 6)
#define FR_TXFE (1 << 7)

/* Interrupt bits (RIS/MIS/IMSC/ICR) */
#define INT_OE (1 << 10)
#define INT_BE (1 << 9)
#define INT_PE (1 << 8)
#define INT_FE (1 << 7)
#define INT_RT (1 << 6)
#define INT_TX (1 << 5)
#define INT_RX (1 << 4)
#define INT_DSR (1 << 3)
#define INT_DCD (1 << 2)
#define INT_CTS (1 << 1)
#define INT_RI (1 << 0)
#define INT_E (INT_OE | INT_BE | INT_PE | INT_FE)
#define INT_MS (INT_RI | INT_DSR | INT_DCD | INT_CTS)

#define LCR_FEN (1 << 4)
#define LCR_BRK (1 << 0)

/* PeriphID0-3 then PCellID0-3 (TRM: part 0x011, designer Arm, revision 1). */
static const uint8_t pl011_id_arm[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* Which interrupt bits drive each output line, in the order of PL011State.irq. */
static const uint32_t irqmask[6] = {
    INT_E | INT_MS | INT_RT | INT_TX | INT_RX,
    INT_RX, INT_TX, INT_RT, INT_MS, INT_E,
};

static void pl011_update(PL011State *s)
{
    uint32_t flags = s->int_level & s->int_enabled;
    for (size_t i = 0; i < ARRAY_SIZE(s->irq); i++) {
        qemu_set_irq(s->irq[i], (flags & irqmask[i]) != 0);
    }
}

static bool pl011_fifo_enabled(PL011State *s)
{
    return (s->lcr & LCR_FEN) != 0;
}

static int pl011_fifo_depth(PL011State *s)
{
    return pl011_fifo_enabled(s) ? PL011_FIFO_DEPTH : 1;
}

static void pl011_set_read_trigger(PL011State *s)
{
    /* IFLS RX level: 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO; the RT timeout is
     * not modelled, so interrupt as soon as anything is queued. */
    s->read_trigger = 1;
}

static uint64_t pl011_read(void *opaque, hwaddr offset, unsigned size)
{
    PL011State *s = opaque;
    uint32_t c;

    switch (offset) {
    case PL011_DR:
        s->flags &= ~FR_RXFF;
        c = s->read_fifo[s->read_pos];
        if (s->read_count > 0) {
            s->read_count--;
            s->read_pos = (s->read_pos + 1) % pl011_fifo_depth(s);
        }
        if (s->read_count == 0) {
            s->flags |= FR_RXFE;
        }
        if (s->read_count == s->read_trigger - 1) {
            s->int_level &= ~INT_RX;
        }
        s->rsr = c >> 8;
        pl011_update(s);
        qemu_chr_fe_accept_input(&s->chr);
        return c;
    case PL011_RSR:
        return s->rsr;
    case PL011_FR:
        return s->flags;
    case PL011_ILPR:
        return s->ilpr;
    case PL011_IBRD:
        return s->ibrd;
    case PL011_FBRD:
        return s->fbrd;
    case PL011_LCR_H:
        return s->lcr;
    case PL011_CR:
        return s->cr;
    case PL011_IFLS:
        return s->ifl;
    case PL011_IMSC:
        return s->int_enabled;
    case PL011_RIS:
        return s->int_level;
    case PL011_MIS:
        return s->int_level & s->int_enabled;
    case PL011_DMACR:
        return s->dmacr;
    default:
        if (offset >= PL011_ID_BASE && offset < PL011_ID_BASE + 0x20) {
            return pl011_id_arm[(offset - PL011_ID_BASE) >> 2];
        }
        qemu_log_mask(LOG_GUEST_ERROR, "pl011: read of bad offset 0x%x\n", (int)offset);
        return 0;
    }
}

static void pl011_write(void *opaque, hwaddr offset, uint64_t value, unsigned size)
{
    PL011State *s = opaque;
    uint8_t ch;

    switch (offset) {
    case PL011_DR:
        ch = value;
        /* Blocking write: the guest sees no transmit FIFO filling up. */
        qemu_chr_fe_write_all(&s->chr, &ch, 1);
        s->int_level |= INT_TX;
        pl011_update(s);
        break;
    case PL011_RSR:
        /* Writing the error clear register clears the error bits. */
        s->rsr = 0;
        break;
    case PL011_FR:
        /* Read-only. */
        break;
    case PL011_ILPR:
        s->ilpr = value;
        break;
    case PL011_IBRD:
        s->ibrd = value;
        break;
    case PL011_FBRD:
        s->fbrd = value;
        break;
    case PL011_LCR_H:
        /* Toggling the FIFO mode resets the receive FIFO (TRM 3.3.7). */
        if ((s->lcr ^ value) & LCR_FEN) {
            s->read_count = 0;
            s->read_pos = 0;
            s->flags = (s->flags | FR_RXFE) & ~FR_RXFF;
        }
        s->lcr = value;
        pl011_set_read_trigger(s);
        break;
    case PL011_CR:
        s->cr = value;
        break;
    case PL011_IFLS:
        s->ifl = value;
        pl011_set_read_trigger(s);
        break;
    case PL011_IMSC:
        s->int_enabled = value;
        pl011_update(s);
        break;
    case PL011_ICR:
        s->int_level &= ~value;
        pl011_update(s);
        break;
    case PL011_DMACR:
        s->dmacr = value;
        if (value & 3) {
            qemu_log_mask(LOG_UNIMP, "pl011: DMA not implemented\n");
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "pl011: write to bad offset 0x%x\n", (int)offset);
    }
}

static int pl011_can_receive(void *opaque)
{
    PL011State *s = opaque;
    return s->read_count < pl011_fifo_depth(s);
}

static void pl011_put_fifo(PL011State *s, uint32_t value)
{
    int depth = pl011_fifo_depth(s);
    int slot;

    if (s->read_count >= depth) {
        /* Overrun: the character is lost, as on hardware. */
        s->int_level |= INT_OE;
        pl011_update(s);
        return;
    }
    slot = (s->read_pos + s->read_count) % depth;
    s->read_fifo[slot] = value;
    s->read_count++;
    s->flags &= ~FR_RXFE;
    if (s->read_count == depth) {
        s->flags |= FR_RXFF;
    }
    if (s->read_count == s->read_trigger) {
        s->int_level |= INT_RX;
        pl011_update(s);
    }
}

static void pl011_receive(void *opaque, const uint8_t *buf, int size)
{
    PL011State *s = opaque;
    for (int i = 0; i < size; i++) {
        pl011_put_fifo(s, buf[i]);
    }
}

static void pl011_event(void *opaque, QEMUChrEvent event)
{
    if (event == CHR_EVENT_BREAK) {
        pl011_put_fifo(opaque, 0x400);   /* break error bit with a NUL */
    }
}

static void pl011_reset(DeviceState *dev)
{
    PL011State *s = PL011(dev);

    s->lcr = 0;
    s->rsr = 0;
    s->dmacr = 0;
    s->int_enabled = 0;
    s->int_level = 0;
    s->ilpr = 0;
    s->ibrd = 0;
    s->fbrd = 0;
    s->read_trigger = 1;
    s->ifl = 0x12;
    s->cr = 0x300;
    s->flags = FR_RXFE | FR_TXFE;
    s->read_count = 0;
    s->read_pos = 0;
    memset(s->read_fifo, 0, sizeof(s->read_fifo));
}

static const MemoryRegionOps pl011_ops = {
    .read = pl011_read,
    .write = pl011_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void pl011_init(Object *obj)
{
    PL011State *s = PL011(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    memory_region_init_io(&s->iomem, obj, &pl011_ops, s, "pl011", 0x1000);
    sysbus_init_mmio(sbd, &s->iomem);
    for (size_t i = 0; i < ARRAY_SIZE(s->irq); i++) {
        sysbus_init_irq(sbd, &s->irq[i]);
    }
}

static void pl011_realize(DeviceState *dev, Error **errp)
{
    PL011State *s = PL011(dev);
    qemu_chr_fe_set_handlers(&s->chr, pl011_can_receive, pl011_receive, pl011_event, s,
                             NULL, true);
}

static void pl011_unrealize(DeviceState *dev)
{
    PL011State *s = PL011(dev);
    qemu_chr_fe_set_handlers(&s->chr, NULL, NULL, NULL, NULL, NULL, true);
}

DeviceState *pl011_create(hwaddr addr, qemu_irq irq, Chardev *chr)
{
    DeviceState *dev = qdev_new(TYPE_PL011);
    SysBusDevice *s = SYS_BUS_DEVICE(dev);

    if (chr) {
        qdev_prop_set_chr(dev, "chardev", chr);
    }
    sysbus_realize_and_unref(s, &error_fatal);
    sysbus_mmio_map(s, 0, addr);
    sysbus_connect_irq(s, 0, irq);
    return dev;
}

/* ---- migration: QEMU's "pl011" section, version 2 ---- */

/*
 * QEMU's PL011 has a clock input and sends its period in the "pl011/clock"
 * subsection.  This model has no clock (the baud rate has no effect), which
 * is what QEMU's virt board has too: the input is left unconnected, so its
 * period is 0.  That is what goes out; what comes in is read and dropped.
 */
static int pl011_clock_period_get(QEMUFile *f, void *pv, size_t size,
                                  const VMStateField *field, Error **errp)
{
    int ret;

    qemu_get_be64(f);
    ret = qemu_file_get_error(f);
    if (ret) {
        const Error *ferr = NULL;
        qemu_file_get_error_obj(f, &ferr);
        error_setg(errp, "%s", ferr ? error_get_pretty(ferr) : "read error");
    }
    return ret;
}

static int pl011_clock_period_put(QEMUFile *f, void *pv, size_t size,
                                  const VMStateField *field, Error **errp)
{
    qemu_put_be64(f, 0);
    return 0;
}

/* Named "uint64" as it is one on the wire, for tools that read the vmdesc. */
static const VMStateInfo pl011_clock_period_info = {
    .name = "uint64",
    .get = pl011_clock_period_get,
    .put = pl011_clock_period_put,
};

/* QEMU's "clock" description: { period }.  Its fields never touch the device. */
static const VMStateDescription vmstate_pl011_unconnected_clock = {
    .name = "clock",
    .version_id = 0,
    .minimum_version_id = 0,
    .fields = (const VMStateField[]) {
        { .name = "period", .size = sizeof(uint64_t), .info = &pl011_clock_period_info,
          .flags = VMS_SINGLE },
        VMSTATE_END_OF_LIST()
    }
};

static bool pl011_clock_needed(void *opaque)
{
    return PL011(opaque)->migrate_clk;
}

static const VMStateDescription vmstate_pl011_clock = {
    .name = "pl011/clock",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = pl011_clock_needed,
    .fields = (const VMStateField[]) {
        /* A struct on the wire like QEMU's clock; no device memory behind it. */
        { .name = "clk", .size = sizeof(uint64_t), .vmsd = &vmstate_pl011_unconnected_clock,
          .flags = VMS_STRUCT, .offset = 0 },
        VMSTATE_END_OF_LIST()
    }
};

/* The stream is untrusted: the FIFO indices must fit the FIFO. */
static int pl011_post_load(void *opaque, int version_id)
{
    PL011State *s = opaque;

    if (s->read_pos < 0 || s->read_pos >= PL011_FIFO_DEPTH ||
        s->read_count < 0 || s->read_count > pl011_fifo_depth(s)) {
        return -EINVAL;
    }
    /*
     * Older QEMUs moved read_pos through all 16 slots even with the FIFO
     * off; this model keeps the one-character holding register in slot 0.
     */
    if (!pl011_fifo_enabled(s) && s->read_pos > 0) {
        s->read_fifo[0] = s->read_fifo[s->read_pos];
        s->read_pos = 0;
    }
    return 0;
}

static const VMStateDescription vmstate_pl011 = {
    .name = "pl011",
    .version_id = 2,
    .minimum_version_id = 2,
    .post_load = pl011_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(readbuff, PL011State),
        VMSTATE_UINT32(flags, PL011State),
        VMSTATE_UINT32(lcr, PL011State),
        VMSTATE_UINT32(rsr, PL011State),
        VMSTATE_UINT32(cr, PL011State),
        VMSTATE_UINT32(dmacr, PL011State),
        VMSTATE_UINT32(int_enabled, PL011State),
        VMSTATE_UINT32(int_level, PL011State),
        VMSTATE_UINT32_ARRAY(read_fifo, PL011State, PL011_FIFO_DEPTH),
        VMSTATE_UINT32(ilpr, PL011State),
        VMSTATE_UINT32(ibrd, PL011State),
        VMSTATE_UINT32(fbrd, PL011State),
        VMSTATE_UINT32(ifl, PL011State),
        VMSTATE_INT32(read_pos, PL011State),
        VMSTATE_INT32(read_count, PL011State),
        VMSTATE_INT32(read_trigger, PL011State),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const []) {
        &vmstate_pl011_clock,
        NULL
    }
};

static Property pl011_properties[] = {
    DEFINE_PROP_CHR("chardev", PL011State, chr),
    DEFINE_PROP_BOOL("migrate-clk", PL011State, migrate_clk, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void pl011_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pl011_realize;
    dc->unrealize = pl011_unrealize;
    dc->reset = pl011_reset;
    dc->vmsd = &vmstate_pl011;
    dc->desc = "Arm PrimeCell PL011 UART";
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
    device_class_set_props(dc, pl011_properties);
}

static const TypeInfo pl011_info = {
    .name = TYPE_PL011,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PL011State),
    .instance_init = pl011_init,
    .class_init = pl011_class_init,
};

static void pl011_register_types(void)
{
    type_register_static(&pl011_info);
}

type_init(pl011_register_types)
