/*
 * The machine both virtio fuzz targets attack, and the few driver steps they
 * share: a virt board with virtio-blk, virtio-scsi + scsi-hd and
 * virtio-serial (virtconsole, virtserialport) on its virtio-mmio transports
 * and a virtio-blk-pci function on the PCIe host, over temporary raw images
 * and null/ringbuf chardevs.  Nothing runs a CPU: the fuzzer is the guest.
 * Included by fuzz-virtio-guest.c and fuzz-virtio-loadvm.c only.
 */
#ifndef TESTS_FUZZ_FUZZ_VIRTIO_MACHINE_H
#define TESTS_FUZZ_FUZZ_VIRTIO_MACHINE_H

#include "qemu/osdep.h"
#include <fcntl.h>
#include "chardev/char.h"
#include "hw/boards.h"
#include "hw/pci/pci.h"
#include "hw/qdev-core.h"
#include "hw/sysbus.h"
#include "hw/virtio/virtio.h"
#include "qemu/bswap.h"
#include "qemu/option.h"
#include "system/block-backend.h"
#include "system/memory.h"
#include "system/runstate.h"
#include "qemu/timer.h"

#define FZ_RAM_BASE 0x40000000ULL
#define FZ_WINDOW (512u * 1024)          /* rings and buffers; cleared per input */
#define FZ_RAM_SIZE (1u << 20)
#define FZ_SLOT_SIZE 0x2000u             /* one legacy-layout queue of FZ_QSIZE */
#define FZ_DATA_OFF (32u * FZ_SLOT_SIZE) /* buffers live above the rings */
#define FZ_QSIZE 16
#define FZ_QUEUES 6                      /* queues per transport the driver helpers set up */

#define FZ_ECAM 0x3f000000ULL
#define FZ_PCI_SLOT 2
#define FZ_CFG (FZ_ECAM + (FZ_PCI_SLOT << 15))
#define FZ_PIO 0x3eff0000ULL
#define FZ_IO_BAR 0x1000u                /* PCI I/O address of the legacy BAR 0 */
#define FZ_MSIX_BAR 0x10000000ULL        /* BAR 1 */
#define FZ_MODERN_BAR 0x10010000ULL      /* BAR 4 (64-bit) */

/* The transports, in the order the fuzz programs name them. */
enum { FZ_T_BLK, FZ_T_SCSI, FZ_T_SERIAL, FZ_T_EMPTY, FZ_T_PCI, FZ_NR_T };

/* virtio-mmio registers (virtio 1.2, 4.2.2 and legacy 4.2.4). */
enum {
    FZ_R_VERSION = 0x004, FZ_R_DEV_FEATURES = 0x010, FZ_R_DEV_FEATURES_SEL = 0x014,
    FZ_R_DRV_FEATURES = 0x020, FZ_R_DRV_FEATURES_SEL = 0x024, FZ_R_GUEST_PAGE_SIZE = 0x028,
    FZ_R_QUEUE_SEL = 0x030, FZ_R_QUEUE_NUM = 0x038, FZ_R_QUEUE_ALIGN = 0x03c,
    FZ_R_QUEUE_PFN = 0x040, FZ_R_QUEUE_READY = 0x044, FZ_R_QUEUE_NOTIFY = 0x050,
    FZ_R_STATUS = 0x070, FZ_R_DESC_LO = 0x080, FZ_R_DESC_HI = 0x084, FZ_R_AVAIL_LO = 0x090,
    FZ_R_AVAIL_HI = 0x094, FZ_R_USED_LO = 0x0a0, FZ_R_USED_HI = 0x0a4,
};

/* virtio-pci common configuration (virtio 1.2, 4.1.4.3). */
enum {
    FZ_C_DFSELECT = 0x00, FZ_C_DF = 0x04, FZ_C_GFSELECT = 0x08, FZ_C_GF = 0x0c,
    FZ_C_STATUS = 0x14, FZ_C_Q_SELECT = 0x16, FZ_C_Q_SIZE = 0x18, FZ_C_Q_ENABLE = 0x1c,
    FZ_C_Q_NOFF = 0x1e, FZ_C_Q_DESC = 0x20, FZ_C_Q_AVAIL = 0x28, FZ_C_Q_USED = 0x30,
};

typedef struct FuzzMachine {
    MachineState *ms;
    uint8_t *ram;                        /* host view of guest RAM at FZ_RAM_BASE */
    hwaddr mmio_base[FZ_T_PCI];          /* register windows of the mmio transports */
    uint16_t avail_idx[FZ_NR_T][FZ_QUEUES];
} FuzzMachine;

static FuzzMachine fz;

#define FZ_AS (&address_space_memory)
#define FZ_ATTRS MEMTXATTRS_UNSPECIFIED

static inline void fz_write(hwaddr a, uint64_t v, unsigned size)
{
    uint8_t b[8];

    stq_le_p(b, v);
    address_space_write(FZ_AS, a, FZ_ATTRS, b, size);
}

static inline uint64_t fz_read(hwaddr a, unsigned size)
{
    uint8_t b[8] = { 0 };

    address_space_read(FZ_AS, a, FZ_ATTRS, b, size);
    return ldq_le_p(b);
}

static inline hwaddr fz_slot(int t, int q)
{
    return FZ_RAM_BASE + (hwaddr)(t * FZ_QUEUES + q) * FZ_SLOT_SIZE;
}

/* Ring addresses of slot (t, q): legacy layout with 4096 alignment. */
static inline hwaddr fz_desc(int t, int q) { return fz_slot(t, q); }
static inline hwaddr fz_avail(int t, int q) { return fz_slot(t, q) + 16 * FZ_QSIZE; }
static inline hwaddr fz_used(int t, int q) { return fz_slot(t, q) + 0x1000; }

static inline void fz_new_image(const char *id)
{
    char path[] = "/tmp/fuzz-virtio-XXXXXX";
    int fd = mkstemp(path);
    g_autofree char *opts = NULL;

    if (fd < 0 || ftruncate(fd, 1 << 20) < 0) {
        error_report("fuzz: cannot create an image in /tmp");
        exit(1);
    }
    close(fd);
    opts = g_strdup_printf("if=none,id=%s,format=raw,file=%s", id, path);
    drive_new_from_opts(opts, &error_fatal);
    unlink(path);                        /* the drive keeps it open */
}

static inline DeviceState *fz_add(const char *spec)
{
    QemuOpts *opts = qemu_opts_parse(spec, "driver", &error_fatal);
    DeviceState *dev = qdev_device_add(opts, false, &error_fatal);

    qemu_opts_del(opts);
    return dev;
}

static inline hwaddr fz_mmio_base_of(DeviceState *vdev)
{
    return SYS_BUS_DEVICE(vdev->parent_bus->parent)->mmio[0].addr;
}

/* Firmware's part after every reset: place the BARs and enable decode and DMA. */
static inline void fz_program_bars(void)
{
    fz_write(FZ_CFG + PCI_BASE_ADDRESS_0, FZ_IO_BAR, 4);
    fz_write(FZ_CFG + PCI_BASE_ADDRESS_0 + 4, FZ_MSIX_BAR, 4);
    fz_write(FZ_CFG + PCI_BASE_ADDRESS_0 + 16, FZ_MODERN_BAR, 4);
    fz_write(FZ_CFG + PCI_BASE_ADDRESS_0 + 20, 0, 4);
    fz_write(FZ_CFG + PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
}

static inline void fz_machine_init(void)
{
    DeviceState *blk, *scsi, *ser;

    memory_init();
    fz.ms = machine_create(machine_find_class("virt"), &error_fatal);
    /* Small RAM keeps the migration stream (and the seed) small. */
    fz.ms->ram_size = fz.ms->maxram_size = FZ_RAM_SIZE;
    machine_run_board_init(fz.ms, &error_fatal);
    fz.ram = memory_region_get_ram_ptr(fz.ms->ram);

    fz_new_image("d0");
    fz_new_image("d1");
    fz_new_image("d2");
    {
        QemuOpts *o = qemu_opts_parse("null,id=cn", "backend", &error_fatal);
        qemu_chr_new_from_opts(o, &error_fatal);
        qemu_opts_del(o);
        o = qemu_opts_parse("ringbuf,id=rb,size=4096", "backend", &error_fatal);
        qemu_chr_new_from_opts(o, &error_fatal);
        qemu_opts_del(o);
    }
    blk = fz_add("virtio-blk-device,drive=d0,id=blk0");
    scsi = fz_add("virtio-scsi-device,id=scsi0");
    fz_add("scsi-hd,bus=scsi0.0,drive=d1,scsi-id=0,lun=0");
    ser = fz_add("virtio-serial-device,id=vs0,max_ports=4");
    fz_add("virtconsole,chardev=rb,bus=vs0.0");
    fz_add("virtserialport,chardev=cn,bus=vs0.0,name=org.fuzz.0");
    fz_add("virtio-blk-pci,drive=d2,addr=2.0,id=blkpci");
    fz.mmio_base[FZ_T_BLK] = fz_mmio_base_of(blk);
    fz.mmio_base[FZ_T_SCSI] = fz_mmio_base_of(scsi);
    fz.mmio_base[FZ_T_SERIAL] = fz_mmio_base_of(ser);
    fz.mmio_base[FZ_T_EMPTY] = fz.mmio_base[FZ_T_SERIAL] - 0x200;
    qemu_devices_reset();
    fz_program_bars();
}

/* Back to power-on: devices reset, requests finished, rings cleared, BARs placed. */
static inline void fz_machine_reset(void)
{
    blk_drain_all();
    qemu_devices_reset();
    blk_drain_all();
    memset(fz.ram, 0, FZ_WINDOW);
    memset(fz.avail_idx, 0, sizeof(fz.avail_idx));
    fz_program_bars();
}

/*
 * Let completions, bottom halves, chardev I/O and due timers run (bounded).
 * With the VM running the virtual clock moves, so a timer armed for "right
 * away" (virtio-serial's post-load work) is due after a microsecond.
 */
static inline void fz_run(void)
{
    blk_drain_all();
    for (int i = 0; i < 4 && g_main_context_iteration(NULL, FALSE); i++) {
    }
    if (runstate_is_running()) {
        g_usleep(1);
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
        blk_drain_all();
    }
}

/* ---- driver steps on any transport ---- */

static inline void fz_set_status(int t, uint8_t status)
{
    if (t == FZ_T_PCI) {
        fz_write(FZ_MODERN_BAR + FZ_C_STATUS, status, 1);
    } else {
        fz_write(fz.mmio_base[t] + FZ_R_STATUS, status, 4);
    }
}

static inline uint8_t fz_get_status(int t)
{
    if (t == FZ_T_PCI) {
        return fz_read(FZ_MODERN_BAR + FZ_C_STATUS, 1);
    }
    return fz_read(fz.mmio_base[t] + FZ_R_STATUS, 4);
}

static inline void fz_notify(int t, int q)
{
    if (t == FZ_T_PCI) {
        uint16_t off;

        fz_write(FZ_MODERN_BAR + FZ_C_Q_SELECT, q, 2);
        off = fz_read(FZ_MODERN_BAR + FZ_C_Q_NOFF, 2);
        fz_write(FZ_MODERN_BAR + 0x3000 + off * 4u, q, 2);
    } else {
        fz_write(fz.mmio_base[t] + FZ_R_QUEUE_NOTIFY, q, 4);
    }
}

/*
 * What a Linux driver does at probe: reset, acknowledge, accept the offered
 * features masked by want (plus VERSION_1 on modern transports), and set up
 * the first nq queues with FZ_QSIZE entries in their slots.
 */
static inline void fz_driver_setup(int t, uint64_t want, int nq)
{
    uint8_t st = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;
    bool modern;
    uint64_t offered;

    fz_set_status(t, 0);
    fz_set_status(t, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    fz_set_status(t, st);
    if (t == FZ_T_PCI) {
        hwaddr c = FZ_MODERN_BAR;

        modern = true;
        fz_write(c + FZ_C_DFSELECT, 0, 4);
        offered = fz_read(c + FZ_C_DF, 4);
        fz_write(c + FZ_C_DFSELECT, 1, 4);
        offered |= fz_read(c + FZ_C_DF, 4) << 32;
        want = (offered & want) | (1ULL << VIRTIO_F_VERSION_1);
        fz_write(c + FZ_C_GFSELECT, 0, 4);
        fz_write(c + FZ_C_GF, (uint32_t)want, 4);
        fz_write(c + FZ_C_GFSELECT, 1, 4);
        fz_write(c + FZ_C_GF, want >> 32, 4);
    } else {
        hwaddr b = fz.mmio_base[t];

        modern = fz_read(b + FZ_R_VERSION, 4) == 2;
        fz_write(b + FZ_R_DEV_FEATURES_SEL, 0, 4);
        offered = fz_read(b + FZ_R_DEV_FEATURES, 4);
        fz_write(b + FZ_R_DEV_FEATURES_SEL, 1, 4);
        offered |= fz_read(b + FZ_R_DEV_FEATURES, 4) << 32;
        want &= offered;
        if (modern) {
            want |= 1ULL << VIRTIO_F_VERSION_1;
        }
        fz_write(b + FZ_R_DRV_FEATURES_SEL, 0, 4);
        fz_write(b + FZ_R_DRV_FEATURES, (uint32_t)want, 4);
        fz_write(b + FZ_R_DRV_FEATURES_SEL, 1, 4);
        fz_write(b + FZ_R_DRV_FEATURES, want >> 32, 4);
        if (!modern) {
            fz_write(b + FZ_R_GUEST_PAGE_SIZE, 4096, 4);
        }
    }
    if (modern) {
        st |= VIRTIO_CONFIG_S_FEATURES_OK;
        fz_set_status(t, st);
    }
    for (int q = 0; q < nq && q < FZ_QUEUES; q++) {
        fz.avail_idx[t][q] = 0;
        memset(fz.ram + (fz_slot(t, q) - FZ_RAM_BASE), 0, FZ_SLOT_SIZE);
        if (t == FZ_T_PCI) {
            hwaddr c = FZ_MODERN_BAR;

            fz_write(c + FZ_C_Q_SELECT, q, 2);
            fz_write(c + FZ_C_Q_SIZE, FZ_QSIZE, 2);
            fz_write(c + FZ_C_Q_DESC, fz_desc(t, q), 4);
            fz_write(c + FZ_C_Q_DESC + 4, fz_desc(t, q) >> 32, 4);
            fz_write(c + FZ_C_Q_AVAIL, fz_avail(t, q), 4);
            fz_write(c + FZ_C_Q_AVAIL + 4, fz_avail(t, q) >> 32, 4);
            fz_write(c + FZ_C_Q_USED, fz_used(t, q), 4);
            fz_write(c + FZ_C_Q_USED + 4, fz_used(t, q) >> 32, 4);
            fz_write(c + FZ_C_Q_ENABLE, 1, 2);
        } else {
            hwaddr b = fz.mmio_base[t];

            fz_write(b + FZ_R_QUEUE_SEL, q, 4);
            fz_write(b + FZ_R_QUEUE_NUM, FZ_QSIZE, 4);
            if (modern) {
                fz_write(b + FZ_R_DESC_LO, fz_desc(t, q), 4);
                fz_write(b + FZ_R_DESC_HI, fz_desc(t, q) >> 32, 4);
                fz_write(b + FZ_R_AVAIL_LO, fz_avail(t, q), 4);
                fz_write(b + FZ_R_AVAIL_HI, fz_avail(t, q) >> 32, 4);
                fz_write(b + FZ_R_USED_LO, fz_used(t, q), 4);
                fz_write(b + FZ_R_USED_HI, fz_used(t, q) >> 32, 4);
                fz_write(b + FZ_R_QUEUE_READY, 1, 4);
            } else {
                fz_write(b + FZ_R_QUEUE_ALIGN, 4096, 4);
                fz_write(b + FZ_R_QUEUE_PFN, fz_desc(t, q) >> 12, 4);
            }
        }
    }
    fz_set_status(t, st | VIRTIO_CONFIG_S_DRIVER_OK);
}

static inline void fz_put_desc(int t, int q, unsigned i, uint64_t addr, uint32_t len,
                               uint16_t flags, uint16_t next)
{
    hwaddr d = fz_desc(t, q) + 16 * (i % FZ_QSIZE);

    fz_write(d, addr, 8);
    fz_write(d + 8, len, 4);
    fz_write(d + 12, flags, 2);
    fz_write(d + 14, next, 2);
}

/* Offer the chain at head on queue q and notify the device. */
static inline void fz_publish(int t, int q, uint16_t head)
{
    uint16_t idx = fz.avail_idx[t][q]++;

    fz_write(fz_avail(t, q) + 4 + 2 * (idx % FZ_QSIZE), head, 2);
    fz_write(fz_avail(t, q) + 2, fz.avail_idx[t][q], 2);
    fz_notify(t, q);
}

#endif
