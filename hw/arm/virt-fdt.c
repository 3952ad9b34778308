/*
 * The virt board's device tree, generated with libfdt from what the machine
 * really has, in the shape Linux and firmware expect from QEMU's virt
 * (node names, compatibles, interrupt specifiers).  Also -dtb and
 * -machine dumpdtb=FILE.
 */
#include "qemu/osdep.h"
#include <libfdt.h>
#include "hw/arm/virt.h"
#include "hw/arm/virt-fdt.h"

#define FDT_INITIAL_SIZE (64 * 1024)

/* Interrupt specifier cells (Linux's arm,gic binding). */
#define GIC_FDT_IRQ_TYPE_SPI 0
#define GIC_FDT_IRQ_TYPE_PPI 1
#define IRQ_TYPE_EDGE_RISING 1
#define IRQ_TYPE_LEVEL_HIGH 4

typedef struct FdtBuilder {
    void *fdt;
    Error **errp;
    bool failed;
} FdtBuilder;

/* Every libfdt call goes through here: grow the blob when it is full. */
static bool fdt_ok(FdtBuilder *b, int ret, const char *what)
{
    if (ret >= 0) {
        return true;
    }
    if (!b->failed) {
        error_setg(b->errp, "device tree: %s: %s", what, fdt_strerror(ret));
        b->failed = true;
    }
    return false;
}

static int fdt_grow_retry(FdtBuilder *b)
{
    int size = fdt_totalsize(b->fdt) * 2;
    void *bigger = g_malloc0(size);
    int ret = fdt_open_into(b->fdt, bigger, size);
    if (ret < 0) {
        g_free(bigger);
        return ret;
    }
    g_free(b->fdt);
    b->fdt = bigger;
    return 0;
}

static int node_path(FdtBuilder *b, const char *path)
{
    int off = fdt_path_offset(b->fdt, path);
    if (off >= 0) {
        return off;
    }
    /* Create the last component under its parent. */
    {
        g_autofree char *parent = g_path_get_dirname(path);
        const char *name = strrchr(path, '/') + 1;
        int poff = fdt_path_offset(b->fdt, parent);
        if (!fdt_ok(b, poff, parent)) {
            return poff;
        }
        off = fdt_add_subnode(b->fdt, poff, name);
        if (off == -FDT_ERR_NOSPACE && fdt_grow_retry(b) == 0) {
            poff = fdt_path_offset(b->fdt, parent);
            off = fdt_add_subnode(b->fdt, poff, name);
        }
        fdt_ok(b, off, path);
        return off;
    }
}

static void setprop(FdtBuilder *b, const char *path, const char *name, const void *val, int len)
{
    int off = node_path(b, path);
    int ret;
    if (off < 0) {
        return;
    }
    ret = fdt_setprop(b->fdt, off, name, val, len);
    if (ret == -FDT_ERR_NOSPACE && fdt_grow_retry(b) == 0) {
        off = fdt_path_offset(b->fdt, path);
        ret = fdt_setprop(b->fdt, off, name, val, len);
    }
    fdt_ok(b, ret, name);
}

static void setprop_string(FdtBuilder *b, const char *path, const char *name, const char *v)
{
    setprop(b, path, name, v, strlen(v) + 1);
}

/* A string list: NUL-separated, given as one string with '\n' separators. */
static void setprop_strings(FdtBuilder *b, const char *path, const char *name, const char *v)
{
    g_autofree char *buf = g_strdup(v);
    size_t len = strlen(buf) + 1;
    for (char *p = buf; *p; p++) {
        if (*p == '\n') {
            *p = '\0';
        }
    }
    setprop(b, path, name, buf, len);
}

static void setprop_cells(FdtBuilder *b, const char *path, const char *name,
                          const uint32_t *cells, int n)
{
    g_autofree fdt32_t *be = g_new(fdt32_t, n ? n : 1);
    for (int i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    setprop(b, path, name, be, n * sizeof(fdt32_t));
}

static void setprop_cell(FdtBuilder *b, const char *path, const char *name, uint32_t v)
{
    setprop_cells(b, path, name, &v, 1);
}

static void setprop_u64(FdtBuilder *b, const char *path, const char *name, uint64_t v)
{
    fdt64_t be = cpu_to_fdt64(v);
    setprop(b, path, name, &be, sizeof(be));
}

/* reg = <addr-hi addr-lo size-hi size-lo> with #address-cells = #size-cells = 2. */
static void setprop_reg2(FdtBuilder *b, const char *path, hwaddr base, uint64_t size)
{
    uint32_t cells[4] = { base >> 32, (uint32_t)base, size >> 32, (uint32_t)size };
    setprop_cells(b, path, "reg", cells, 4);
}

static void setprop_empty(FdtBuilder *b, const char *path, const char *name)
{
    setprop(b, path, name, NULL, 0);
}

#define GIC_PHANDLE 1
/* interrupt-map-mask: the slot bits of the child unit address's first cell. */
#define PCI_DEVFN_SLOT_MASK 0x1800
#define CLOCK_PHANDLE 2
#define MSI_PHANDLE 3

static void add_spi(FdtBuilder *b, const char *path, const VirtFdtInfo *info, int spi,
                    int type)
{
    if (info->gic_version) {
        uint32_t irq[3] = { GIC_FDT_IRQ_TYPE_SPI, spi, type };
        setprop_cells(b, path, "interrupts", irq, 3);
    }
}

static void fdt_add_clock(FdtBuilder *b, uint32_t phandle)
{
    const char *path = "/apb-pclk";
    setprop_string(b, path, "compatible", "fixed-clock");
    setprop_cell(b, path, "#clock-cells", 0);
    setprop_cell(b, path, "clock-frequency", 24000000);
    setprop_string(b, path, "clock-output-names", "clk24mhz");
    setprop_cell(b, path, "phandle", phandle);
}

static void fdt_add_uart(FdtBuilder *b, const VirtFdtInfo *info, uint32_t clock)
{
    g_autofree char *path = g_strdup_printf("/pl011@%" PRIx64, virt_memmap[VIRT_UART].base);
    uint32_t clocks[2] = { clock, clock };

    setprop_strings(b, path, "compatible", "arm,pl011\narm,primecell");
    setprop_reg2(b, path, virt_memmap[VIRT_UART].base, virt_memmap[VIRT_UART].size);
    add_spi(b, path, info, virt_irqmap[VIRT_UART], IRQ_TYPE_LEVEL_HIGH);
    setprop_cells(b, path, "clocks", clocks, 2);
    setprop_strings(b, path, "clock-names", "uartclk\napb_pclk");
    setprop_string(b, "/chosen", "stdout-path", path);
}

static void fdt_add_rtc(FdtBuilder *b, const VirtFdtInfo *info, uint32_t clock)
{
    g_autofree char *path = g_strdup_printf("/pl031@%" PRIx64, virt_memmap[VIRT_RTC].base);

    setprop_strings(b, path, "compatible", "arm,pl031\narm,primecell");
    setprop_reg2(b, path, virt_memmap[VIRT_RTC].base, virt_memmap[VIRT_RTC].size);
    add_spi(b, path, info, virt_irqmap[VIRT_RTC], IRQ_TYPE_LEVEL_HIGH);
    setprop_cell(b, path, "clocks", clock);
    setprop_string(b, path, "clock-names", "apb_pclk");
}

static void fdt_add_virtio(FdtBuilder *b, const VirtFdtInfo *info)
{
    /*
     * libfdt puts a new subnode first among its siblings, so adding from the
     * highest address down leaves them in increasing address order.
     */
    for (int i = NUM_VIRTIO_TRANSPORTS - 1; i >= 0; i--) {
        hwaddr base = virt_memmap[VIRT_MMIO].base + i * virt_memmap[VIRT_MMIO].size;
        g_autofree char *path = g_strdup_printf("/virtio_mmio@%" PRIx64, base);
        setprop_string(b, path, "compatible", "virtio,mmio");
        setprop_reg2(b, path, base, virt_memmap[VIRT_MMIO].size);
        add_spi(b, path, info, virt_irqmap[VIRT_MMIO] + i, IRQ_TYPE_EDGE_RISING);
        setprop_empty(b, path, "dma-coherent");
    }
}

/* PCI address space codes in the high cell of a "ranges" child address. */
#define FDT_PCI_RANGE_IOPORT 0x01000000
#define FDT_PCI_RANGE_MMIO 0x02000000

/*
 * The generic ECAM host (Linux's pci-host-ecam-generic binding).  Child
 * addresses are 3 cells (space code, 64-bit PCI address); interrupt-map
 * entries hold the child unit address and pin, then the GIC phandle, the
 * GIC's own #address-cells (2) worth of zero cells, and its 3-cell specifier.
 */
static void fdt_add_pcie(FdtBuilder *b, const VirtFdtInfo *info)
{
    const MemMapEntry *mmio = &virt_memmap[VIRT_PCIE_MMIO];
    const MemMapEntry *pio = &virt_memmap[VIRT_PCIE_PIO];
    const MemMapEntry *ecam = &virt_memmap[VIRT_PCIE_ECAM];
    int nr_buses = ecam->size / (1024 * 1024);
    g_autofree char *path = g_strdup_printf("/pcie@%" PRIx64, mmio->base);
    uint32_t bus_range[2] = { 0, nr_buses - 1 };
    uint32_t ranges[14] = {
        FDT_PCI_RANGE_IOPORT, 0, 0,
        pio->base >> 32, (uint32_t)pio->base, pio->size >> 32, (uint32_t)pio->size,
        FDT_PCI_RANGE_MMIO, mmio->base >> 32, (uint32_t)mmio->base,
        mmio->base >> 32, (uint32_t)mmio->base, mmio->size >> 32, (uint32_t)mmio->size,
    };
    uint32_t map_mask[4] = { PCI_DEVFN_SLOT_MASK, 0, 0, 7 };
    uint32_t irq_map[4 * 4 * 10];
    int n = 0;

    setprop_string(b, path, "compatible", "pci-host-ecam-generic");
    setprop_string(b, path, "device_type", "pci");
    setprop_cell(b, path, "#address-cells", 3);
    setprop_cell(b, path, "#size-cells", 2);
    setprop_cell(b, path, "linux,pci-domain", 0);
    setprop_cells(b, path, "bus-range", bus_range, 2);
    setprop_empty(b, path, "dma-coherent");
    setprop_reg2(b, path, ecam->base, ecam->size);
    setprop_cells(b, path, "ranges", ranges, 14);
    setprop_cell(b, path, "#interrupt-cells", 1);
    if (!info->gic_version) {
        return;
    }
    for (int slot = 0; slot < 4; slot++) {
        for (int pin = 0; pin < 4; pin++) {
            uint32_t entry[10] = {
                slot << 11, 0, 0, pin + 1,
                GIC_PHANDLE, 0, 0,
                GIC_FDT_IRQ_TYPE_SPI, virt_irqmap[VIRT_PCIE_MMIO] + (slot + pin) % 4,
                IRQ_TYPE_LEVEL_HIGH,
            };
            memcpy(irq_map + n, entry, sizeof(entry));
            n += 10;
        }
    }
    setprop_cells(b, path, "interrupt-map", irq_map, n);
    setprop_cells(b, path, "interrupt-map-mask", map_mask, 4);
    if (info->has_gicv2m) {
        /* Every requester id 0..0xffff maps 1:1 onto the v2m frame (as QEMU's). */
        uint32_t msi_map[4] = { 0, MSI_PHANDLE, 0, 0x10000 };
        setprop_cells(b, path, "msi-map", msi_map, 4);
    }
}

static void fdt_add_chosen(FdtBuilder *b, MachineState *ms, const VirtFdtInfo *info)
{
    setprop_string(b, "/chosen", "bootargs", ms->kernel_cmdline ? ms->kernel_cmdline : "");
    if (info->initrd_size) {
        setprop_u64(b, "/chosen", "linux,initrd-start", info->initrd_start);
        setprop_u64(b, "/chosen", "linux,initrd-end", info->initrd_start + info->initrd_size);
    }
}

static void fdt_add_cpus(FdtBuilder *b, const VirtFdtInfo *info)
{
    setprop_cell(b, "/cpus", "#address-cells", 1);
    setprop_cell(b, "/cpus", "#size-cells", 0);
    /* Highest first: libfdt inserts each new node ahead of its siblings. */
    for (int i = info->num_cpus - 1; i >= 0; i--) {
        g_autofree char *path = g_strdup_printf("/cpus/cpu@%d", i);
        setprop_string(b, path, "device_type", "cpu");
        setprop_string(b, path, "compatible", info->cpu_compatible);
        setprop_cell(b, path, "reg", (uint32_t)(info->mpidr[i] & 0xff00ffffffull));
        if (info->psci_method) {
            setprop_string(b, path, "enable-method", "psci");
        }
    }
}

static void fdt_add_psci(FdtBuilder *b, const VirtFdtInfo *info)
{
    /* PSCI 1.0 with the 0.2 function numbers Linux also reads for 0.1. */
    setprop_strings(b, "/psci", "compatible", "arm,psci-1.0\narm,psci-0.2\narm,psci");
    setprop_string(b, "/psci", "method", info->psci_method);
    setprop_cell(b, "/psci", "cpu_suspend", 0xc4000001);
    setprop_cell(b, "/psci", "cpu_off", 0x84000002);
    setprop_cell(b, "/psci", "cpu_on", 0xc4000003);
    setprop_cell(b, "/psci", "migrate", 0xc4000005);
}

static void fdt_add_timer(FdtBuilder *b, const VirtFdtInfo *info)
{
    /* Secure, non-secure physical, virtual and hypervisor timer PPIs. */
    static const int ppis[4] = { 13, 14, 11, 10 };
    uint32_t flags = IRQ_TYPE_LEVEL_HIGH;
    uint32_t cells[12];

    if (info->gic_version == 2) {
        /* GICv2 bindings name the CPUs a PPI goes to. */
        int n = info->num_cpus > 8 ? 8 : info->num_cpus;
        flags |= ((1u << n) - 1) << 8;
    }
    for (int i = 0; i < 4; i++) {
        cells[i * 3] = GIC_FDT_IRQ_TYPE_PPI;
        cells[i * 3 + 1] = ppis[i];
        cells[i * 3 + 2] = flags;
    }
    setprop_string(b, "/timer", "compatible", "arm,armv8-timer");
    setprop_empty(b, "/timer", "always-on");
    setprop_cells(b, "/timer", "interrupts", cells, 12);
}

/*
 * The GICv2m frame, a child of the GIC node.  Linux reads the SPI range from
 * the frame's MSI_TYPER register, so like QEMU the node does not repeat it.
 */
static void fdt_add_gicv2m(FdtBuilder *b, const char *gic_path)
{
    const MemMapEntry *v2m = &virt_memmap[VIRT_GIC_V2M];
    g_autofree char *path = g_strdup_printf("%s/v2m@%" PRIx64, gic_path, v2m->base);

    setprop_string(b, path, "compatible", "arm,gic-v2m-frame");
    setprop_empty(b, path, "msi-controller");
    setprop_reg2(b, path, v2m->base, v2m->size);
    setprop_cell(b, path, "phandle", MSI_PHANDLE);
}

static void fdt_add_gic(FdtBuilder *b, const VirtFdtInfo *info)
{
    g_autofree char *path = g_strdup_printf("/intc@%" PRIx64,
                                            virt_memmap[VIRT_GIC_DIST].base);
    setprop_cell(b, path, "#interrupt-cells", 3);
    setprop_empty(b, path, "interrupt-controller");
    setprop_cell(b, path, "#address-cells", 2);
    setprop_cell(b, path, "#size-cells", 2);
    setprop_empty(b, path, "ranges");
    if (info->gic_version == 3) {
        uint32_t reg[8] = {
            0, (uint32_t)virt_memmap[VIRT_GIC_DIST].base,
            0, (uint32_t)virt_memmap[VIRT_GIC_DIST].size,
            0, (uint32_t)virt_memmap[VIRT_GIC_REDIST].base,
            0, (uint32_t)virt_memmap[VIRT_GIC_REDIST].size,
        };
        setprop_string(b, path, "compatible", "arm,gic-v3");
        setprop_cell(b, path, "#redistributor-regions", 1);
        setprop_cells(b, path, "reg", reg, 8);
    } else {
        uint32_t reg[8] = {
            0, (uint32_t)virt_memmap[VIRT_GIC_DIST].base,
            0, (uint32_t)virt_memmap[VIRT_GIC_DIST].size,
            0, (uint32_t)virt_memmap[VIRT_GIC_CPU].base,
            0, (uint32_t)virt_memmap[VIRT_GIC_CPU].size,
        };
        setprop_string(b, path, "compatible", "arm,cortex-a15-gic");
        setprop_cells(b, path, "reg", reg, 8);
    }
    setprop_cell(b, path, "phandle", GIC_PHANDLE);
    if (info->has_gicv2m) {
        fdt_add_gicv2m(b, path);
    }
}

void *virt_fdt_build(MachineState *ms, const VirtFdtInfo *info, int *size, Error **errp)
{
    FdtBuilder b = { .errp = errp };
    g_autofree char *mem = g_strdup_printf("/memory@%" PRIx64, virt_memmap[VIRT_MEM].base);

    b.fdt = g_malloc0(FDT_INITIAL_SIZE);
    if (!fdt_ok(&b, fdt_create_empty_tree(b.fdt, FDT_INITIAL_SIZE), "create")) {
        g_free(b.fdt);
        return NULL;
    }
    setprop_string(&b, "/", "compatible", "linux,dummy-virt");
    setprop_cell(&b, "/", "#address-cells", 2);
    setprop_cell(&b, "/", "#size-cells", 2);
    if (info->gic_version) {
        setprop_cell(&b, "/", "interrupt-parent", GIC_PHANDLE);
    }
    setprop_string(&b, mem, "device_type", "memory");
    setprop_reg2(&b, mem, virt_memmap[VIRT_MEM].base, ms->ram_size);
    fdt_add_chosen(&b, ms, info);
    if (info->num_cpus) {
        fdt_add_cpus(&b, info);
    }
    if (info->psci_method) {
        fdt_add_psci(&b, info);
    }
    if (info->has_timer && info->gic_version) {
        fdt_add_timer(&b, info);
    }
    if (info->gic_version) {
        fdt_add_gic(&b, info);
    }
    fdt_add_clock(&b, CLOCK_PHANDLE);
    fdt_add_virtio(&b, info);
    if (info->has_pcie) {
        fdt_add_pcie(&b, info);
    }
    if (info->has_rtc) {
        fdt_add_rtc(&b, info, CLOCK_PHANDLE);
    }
    fdt_add_uart(&b, info, CLOCK_PHANDLE);
    if (b.failed) {
        g_free(b.fdt);
        return NULL;
    }
    fdt_pack(b.fdt);
    *size = fdt_totalsize(b.fdt);
    return b.fdt;
}

void *virt_fdt_load(const char *path, int *size, Error **errp)
{
    gchar *data = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    int ret;

    if (!g_file_get_contents(path, &data, &len, &gerr)) {
        error_setg(errp, "Couldn't open dtb file %s: %s", path, gerr->message);
        g_error_free(gerr);
        return NULL;
    }
    if (len < sizeof(struct fdt_header) || (ret = fdt_check_header(data)) != 0 ||
        fdt_totalsize(data) > len) {
        error_setg(errp, "dtb file %s is not a valid device tree", path);
        g_free(data);
        return NULL;
    }
    /* Room for the board to add /chosen properties. */
    {
        int newsize = fdt_totalsize(data) + 64 * 1024;
        void *fdt = g_malloc0(newsize);
        ret = fdt_open_into(data, fdt, newsize);
        g_free(data);
        if (ret < 0) {
            error_setg(errp, "dtb file %s: %s", path, fdt_strerror(ret));
            g_free(fdt);
            return NULL;
        }
        *size = newsize;
        return fdt;
    }
}
