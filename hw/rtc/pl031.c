/*
 * Arm PrimeCell RTC (PL031), per the Arm TRM DDI 0224: a 32-bit seconds
 * counter started from the host's wall clock, a match register raising an
 * interrupt, and the PrimeCell identification registers.  Linux's rtc-pl031
 * reads the time and programs alarms through it.
 */
#include "qemu/osdep.h"
#include "hw/rtc/pl031.h"
#include "hw/qdev-properties.h"
#include "qemu/log.h"
#include "migration/vmstate.h"

enum {
    RTC_DR = 0x00,      /* data (current count), read-only */
    RTC_MR = 0x04,      /* match */
    RTC_LR = 0x08,      /* load */
    RTC_CR = 0x0c,      /* control */
    RTC_IMSC = 0x10,    /* interrupt mask set/clear */
    RTC_RIS = 0x14,     /* raw interrupt status */
    RTC_MIS = 0x18,     /* masked interrupt status */
    RTC_ICR = 0x1c,     /* interrupt clear */
    RTC_ID_BASE = 0xfe0,
};

static const uint8_t pl031_id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

static void pl031_update(PL031State *s)
{
    qemu_set_irq(s->irq, (s->is & s->im) != 0);
}

static uint32_t pl031_count(PL031State *s)
{
    int64_t secs = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) / 1000000000;
    return s->tick_offset + (uint32_t)secs;
}

static void pl031_set_alarm(PL031State *s)
{
    /* Seconds until the count equals MR, modulo 2^32 like the hardware. */
    uint32_t ticks = s->mr - pl031_count(s);

    if (ticks == 0) {
        timer_del(s->timer);
        s->is = 1;
        pl031_update(s);
        return;
    }
    /* Aim at the start of the matching second on the virtual clock. */
    {
        int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        int64_t second_start = now - now % 1000000000;
        timer_mod(s->timer, second_start + (int64_t)ticks * 1000000000);
    }
}

static void pl031_alarm(void *opaque)
{
    PL031State *s = opaque;
    s->is = 1;
    pl031_update(s);
}

static uint64_t pl031_read(void *opaque, hwaddr offset, unsigned size)
{
    PL031State *s = opaque;

    switch (offset) {
    case RTC_DR:
        return pl031_count(s);
    case RTC_MR:
        return s->mr;
    case RTC_LR:
        return s->lr;
    case RTC_CR:
        /* The RTC always counts; CR reads as enabled. */
        return 1;
    case RTC_IMSC:
        return s->im;
    case RTC_RIS:
        return s->is;
    case RTC_MIS:
        return s->is & s->im;
    case RTC_ICR:
        qemu_log_mask(LOG_GUEST_ERROR, "pl031: read of write-only ICR\n");
        return 0;
    default:
        if (offset >= RTC_ID_BASE && offset < RTC_ID_BASE + 0x20) {
            return pl031_id[(offset - RTC_ID_BASE) >> 2];
        }
        qemu_log_mask(LOG_GUEST_ERROR, "pl031: read of bad offset 0x%x\n", (int)offset);
        return 0;
    }
}

static void pl031_write(void *opaque, hwaddr offset, uint64_t value, unsigned size)
{
    PL031State *s = opaque;

    switch (offset) {
    case RTC_LR:
        /* Loading moves the count: keep the virtual-clock base, shift the offset. */
        s->tick_offset += (uint32_t)value - pl031_count(s);
        s->lr = value;
        pl031_set_alarm(s);
        break;
    case RTC_MR:
        s->mr = value;
        pl031_set_alarm(s);
        break;
    case RTC_IMSC:
        s->im = value & 1;
        pl031_update(s);
        break;
    case RTC_ICR:
        s->is &= ~(uint32_t)value;
        pl031_update(s);
        break;
    case RTC_CR:
        /* Writing 0 cannot stop this RTC (TRM: only reset clears the start bit). */
        break;
    case RTC_DR:
    case RTC_MIS:
    case RTC_RIS:
        qemu_log_mask(LOG_GUEST_ERROR, "pl031: write to read-only register 0x%x\n",
                      (int)offset);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "pl031: write to bad offset 0x%x\n", (int)offset);
        break;
    }
}

static const MemoryRegionOps pl031_ops = {
    .read = pl031_read,
    .write = pl031_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void pl031_init(Object *obj)
{
    PL031State *s = PL031(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);
    GDateTime *now = g_date_time_new_now_utc();

    memory_region_init_io(&s->iomem, obj, &pl031_ops, s, "pl031", 0x1000);
    sysbus_init_mmio(sbd, &s->iomem);
    sysbus_init_irq(sbd, &s->irq);
    /* Start from the host's UTC time, as QEMU does with -rtc base=utc. */
    s->tick_offset = (uint32_t)g_date_time_to_unix(now) -
                     (uint32_t)(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) / 1000000000);
    g_date_time_unref(now);
    s->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, pl031_alarm, s);
}

static void pl031_finalize(Object *obj)
{
    PL031State *s = PL031(obj);
    timer_free(s->timer);
}

static void pl031_reset(DeviceState *dev)
{
    PL031State *s = PL031(dev);
    /* The count keeps running through a reset; the interrupt state does not. */
    s->lr = 0;
    s->mr = 0;
    s->im = 0;
    s->is = 0;
    timer_del(s->timer);
    pl031_update(s);
}

/* ---- migration: QEMU's "pl031" section ---- */

/*
 * Two views of the same offset travel.  QEMU's RTC counts host wall-clock
 * time, this one counts the virtual clock; both agree on what the guest
 * reads now.  The main section carries the offset from the virtual clock
 * (QEMU's tick_offset_vmstate), which is what this model keeps.  The
 * "pl031/tick-offset" subsection (when migrate-tick-offset is on) carries
 * the offset from the host's clock, QEMU's tick_offset; when it arrives it
 * replaces the first one, so that the guest's clock follows wall-clock time
 * across the migration as QEMU's does, whatever the two virtual clocks read.
 */
static int64_t pl031_host_seconds(void)
{
    return g_get_real_time() / G_USEC_PER_SEC;
}

static int64_t pl031_virtual_seconds(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) / 1000000000;
}

static int pl031_host_offset_get(QEMUFile *f, void *pv, size_t size,
                                 const VMStateField *field, Error **errp)
{
    PL031State *s = container_of(pv, PL031State, tick_offset);
    uint32_t host_offset = qemu_get_be32(f);
    int ret = qemu_file_get_error(f);

    if (ret) {
        const Error *ferr = NULL;
        qemu_file_get_error_obj(f, &ferr);
        error_setg(errp, "%s", ferr ? error_get_pretty(ferr) : "read error");
        return ret;
    }
    s->tick_offset = host_offset + (uint32_t)pl031_host_seconds() -
                     (uint32_t)pl031_virtual_seconds();
    return 0;
}

static int pl031_host_offset_put(QEMUFile *f, void *pv, size_t size,
                                 const VMStateField *field, Error **errp)
{
    PL031State *s = container_of(pv, PL031State, tick_offset);

    qemu_put_be32(f, s->tick_offset + (uint32_t)pl031_virtual_seconds() -
                     (uint32_t)pl031_host_seconds());
    return 0;
}

/* A uint32 on the wire, converted between the two clocks on the way. */
static const VMStateInfo pl031_host_offset_info = {
    .name = "uint32",
    .size = sizeof(uint32_t),
    .get = pl031_host_offset_get,
    .put = pl031_host_offset_put,
};

static bool pl031_tick_offset_needed(void *opaque)
{
    return PL031(opaque)->migrate_tick_offset;
}

static const VMStateDescription vmstate_pl031_tick_offset = {
    .name = "pl031/tick-offset",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = pl031_tick_offset_needed,
    .fields = (const VMStateField[]) {
        { .name = "tick_offset", .size = sizeof(uint32_t), .info = &pl031_host_offset_info,
          .flags = VMS_SINGLE,
          .offset = vmstate_offset_value(PL031State, tick_offset, uint32_t) },
        VMSTATE_END_OF_LIST()
    }
};

static int pl031_post_load(void *opaque, int version_id)
{
    PL031State *s = opaque;

    /* The alarm is a timer, not state: arm it again from MR and the count. */
    pl031_set_alarm(s);
    return 0;
}

static const VMStateDescription vmstate_pl031 = {
    .name = "pl031",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = pl031_post_load,
    .fields = (const VMStateField[]) {
        /* QEMU's tick_offset_vmstate: the offset from the virtual clock. */
        { .name = "tick_offset_vmstate", .size = sizeof(uint32_t), .info = &vmstate_info_uint32,
          .flags = VMS_SINGLE,
          .offset = vmstate_offset_value(PL031State, tick_offset, uint32_t) },
        VMSTATE_UINT32(mr, PL031State),
        VMSTATE_UINT32(lr, PL031State),
        VMSTATE_UINT32(cr, PL031State),
        VMSTATE_UINT32(im, PL031State),
        VMSTATE_UINT32(is, PL031State),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const []) {
        &vmstate_pl031_tick_offset,
        NULL
    }
};

static Property pl031_properties[] = {
    /* Streams of machine types <= 4.0 do not carry the tick offset. */
    DEFINE_PROP_BOOL("migrate-tick-offset", PL031State, migrate_tick_offset, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void pl031_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->reset = pl031_reset;
    dc->vmsd = &vmstate_pl031;
    dc->desc = "Arm PrimeCell PL031 RTC";
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
    device_class_set_props(dc, pl031_properties);
}

static const TypeInfo pl031_info = {
    .name = TYPE_PL031,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PL031State),
    .instance_init = pl031_init,
    .instance_finalize = pl031_finalize,
    .class_init = pl031_class_init,
};

static void pl031_register_types(void)
{
    type_register_static(&pl031_info);
}

type_init(pl031_register_types)
