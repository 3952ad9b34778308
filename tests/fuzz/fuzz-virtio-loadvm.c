/*
 * libFuzzer target for an untrusted incoming migration stream carrying
 * virtio state: fuzz-virtio-machine.h's machine, whose devices a driver has
 * set up and used, so the seed stream (FUZZ_VIRTIO_SEED_DIR) has meaningful
 * virtio-mmio, virtio-pci, virtio-blk, virtio-scsi, scsi-hd and virtio-serial
 * sections.  Each input is fed to qemu_loadvm_state(); then the guest kicks
 * every queue (what the loaded state is used for first) and the machine is
 * reset.  Errors are expected; crashes, sanitizer reports and leaks are bugs.
 * Built only by tests/fuzz/run-fuzz.sh (clang).
 */
#include "qemu/osdep.h"
#include "fuzz-virtio-machine.h"
#include "hw/virtio/virtio-blk.h"
#include "migration/misc.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"

#define NX VRING_DESC_F_NEXT
#define WR VRING_DESC_F_WRITE
#define DATA(x) (FZ_RAM_BASE + FZ_DATA_OFF + (x))

/* Queues each transport's device has (that the driver sets up). */
static const int nr_queues[FZ_NR_T] = {
    [FZ_T_BLK] = 1, [FZ_T_SCSI] = 3, [FZ_T_SERIAL] = 6, [FZ_T_EMPTY] = 0, [FZ_T_PCI] = 1,
};

static void blk_req(int t, uint16_t head, uint32_t type, uint64_t sector, uint32_t len)
{
    hwaddr hdr = DATA(head * 32);

    fz_write(hdr, type, 4);
    fz_write(hdr + 4, 0, 4);
    fz_write(hdr + 8, sector, 8);
    fz_put_desc(t, 0, head, hdr, 16, NX, head + 1);
    fz_put_desc(t, 0, head + 1, DATA(0x1000), len, type == VIRTIO_BLK_T_OUT ? NX : NX | WR,
                head + 2);
    fz_put_desc(t, 0, head + 2, hdr + 16, 1, WR, 0);
    fz_publish(t, 0, head);
}

static void scsi_read10(uint16_t head)
{
    static const uint8_t cdb[10] = { 0x28, 0, 0, 0, 0, 4, 0, 0, 1, 0 };
    hwaddr req = DATA(0x8000 + head * 256);

    fz_write(req, 1, 1);                 /* lun 0 of target 0 */
    address_space_write(FZ_AS, req + 19, FZ_ATTRS, cdb, sizeof(cdb));
    fz_put_desc(FZ_T_SCSI, 2, head, req, 51, NX, head + 1);
    fz_put_desc(FZ_T_SCSI, 2, head + 1, req + 64, 108, NX | WR, head + 2);
    fz_put_desc(FZ_T_SCSI, 2, head + 2, DATA(0x2000), 512, WR, 0);
    fz_publish(FZ_T_SCSI, 2, head);
}

static void serial_ctrl(uint16_t head, uint32_t id, uint16_t event, uint16_t value)
{
    hwaddr msg = DATA(0x9000 + head * 8);

    fz_write(msg, id, 4);
    fz_write(msg + 4, event, 2);
    fz_write(msg + 6, value, 2);
    fz_put_desc(FZ_T_SERIAL, 3, head, msg, 8, 0, 0);
    fz_publish(FZ_T_SERIAL, 3, head);
}

/* What a Linux guest has done by the time it is migrated. */
static void use_devices(void)
{
    for (int t = 0; t < FZ_NR_T; t++) {
        if (nr_queues[t]) {
            fz_driver_setup(t, ~0ULL, nr_queues[t]);
        }
    }
    blk_req(FZ_T_BLK, 0, VIRTIO_BLK_T_OUT, 3, 512);
    blk_req(FZ_T_BLK, 3, VIRTIO_BLK_T_IN, 3, 512);
    blk_req(FZ_T_PCI, 0, VIRTIO_BLK_T_IN, 0, 4096);
    scsi_read10(0);
    scsi_read10(3);
    /* Control and console receive buffers stay with the device. */
    for (uint16_t i = 0; i < 4; i++) {
        fz_put_desc(FZ_T_SERIAL, 2, i, DATA(0xa000 + i * 64), 64, WR, 0);
        fz_publish(FZ_T_SERIAL, 2, i);
        fz_put_desc(FZ_T_SERIAL, 0, i, DATA(0xb000 + i * 64), 64, WR, 0);
        fz_publish(FZ_T_SERIAL, 0, i);
    }
    serial_ctrl(0, 0, 0, 1);             /* DEVICE_READY */
    serial_ctrl(1, 0, 3, 1);             /* PORT_READY 0 */
    serial_ctrl(2, 1, 3, 1);             /* PORT_READY 1 */
    serial_ctrl(3, 1, 6, 1);             /* PORT_OPEN 1 */
    fz_run();
}

/*
 * The stream as qemu_savevm_state() writes it, without the trailing JSON
 * description (loads skip it; half a megabyte of it would only slow the
 * fuzzer down).
 */
static void write_seed(const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    QEMUFile *f = qemu_file_new_mem_output();
    Error *err = NULL;
    const uint8_t *data, *desc;
    size_t len;

    if (qemu_savevm_state(f, &err) < 0) {
        error_report_err(err);
    }
    data = qemu_file_mem_output_data(f, &len);
    desc = memmem(data, len, "{\"page_size\"", 12);
    if (desc && desc - data >= 5 && desc[-5] == 0x06) {
        len = desc - 5 - data;
    }
    g_file_set_contents(path, (const char *)data, len, NULL);
    qemu_fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *seed_dir = getenv("FUZZ_VIRTIO_SEED_DIR");

    fz_machine_init();
    vm_start();                          /* no vCPU threads exist: only the clocks run */
    use_devices();
    vm_stop(RUN_STATE_PAUSED);           /* as migration saves */
    if (seed_dir) {
        write_seed(seed_dir, "seed-virtio-stream");
    }
    fz_machine_reset();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QEMUFile *f = qemu_file_new_mem_input(data, size);
    Error *err = NULL;

    int ret = qemu_loadvm_state(f, &err);

    if (getenv("FUZZ_VIRTIO_DEBUG")) {
        fprintf(stderr, "load: %d %s\n", ret, err ? error_get_pretty(err) : "");
    }
    if (ret == 0) {
        /*
         * The guest resumes (post-load work waiting for the VM runs now):
         * every queue gets a kick, completions run.
         */
        vm_start();
        fz_run();
        for (int t = 0; t < FZ_NR_T; t++) {
            for (int q = 0; q < nr_queues[t]; q++) {
                fz_notify(t, q);
            }
        }
        fz_run();
    }
    error_free(err);
    qemu_fclose(f);
    vm_stop(RUN_STATE_PAUSED);
    fz_run();
    fz_machine_reset();
    return 0;
}
