// A department is district data: whoever may read its district may read it.

/** The scope a department's type checks before any of its fields resolve. */
export const readDepartment = (department: { districtCode: string }) => ({ readPlace: department.districtCode });
